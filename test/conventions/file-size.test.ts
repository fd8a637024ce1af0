import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';

/**
 * A source file past this many lines has, every time we looked, been doing more than one job.
 * Tests are exempt: a test file reads best as one story of its feature.
 */
const MAX_LINES = 300;

it(`no source file outside the tests is over ${MAX_LINES} lines`, () => {
  const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard'], {
    encoding: 'utf8',
  })
    .split('\n')
    .filter((file) => /\.(ts|tsx)$/.test(file))
    .filter((file) => !file.startsWith('test/') && !/\.test\.tsx?$/.test(file));
  const long = files
    .map((file) => ({ file, lines: readFileSync(file, 'utf8').split('\n').length - 1 }))
    .filter(({ lines }) => lines > MAX_LINES);
  expect(long).toEqual([]);
});
