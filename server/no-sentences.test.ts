import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { apiErrorText, frameErrorText } from '../extension/common/error-text';
import { ApiErrorCodeSchema, ErrorCodeSchema } from '../shared/protocol';

/** Figures for every sentence that takes some, so that its fixed words show. */
const FIGURES = { retryAfterS: 1, limit: 1, version: 1, by: 'address' } as const;

/** The fixed words of every sentence the extension shows for a refusal. */
function sentenceParts(): string[] {
  const sentences = [
    ...ErrorCodeSchema.options.flatMap((code) => [
      frameErrorText({ code }),
      frameErrorText({ code, ...FIGURES }),
    ]),
    ...ApiErrorCodeSchema.options.flatMap((code) => [
      apiErrorText({ code }),
      apiErrorText({ code, ...FIGURES }),
    ]),
  ];
  const parts = sentences.flatMap((sentence) => sentence.split(/\d+/).map((part) => part.trim()));
  return [...new Set(parts.filter((part) => part.length >= 12))];
}

/** The source files under `dir`, tests left out. */
function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sources(path);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : [];
  });
}

describe('the relay', () => {
  it('holds none of the sentences users read: it answers codes, the extension words them', () => {
    const parts = sentenceParts();
    expect(parts.length).toBeGreaterThan(40);
    const files = sources(import.meta.dirname);
    expect(files.length).toBeGreaterThan(60);
    for (const file of files) {
      const text = readFileSync(file, 'utf8');
      for (const part of parts) expect(text.includes(part), `${file}: "${part}"`).toBe(false);
    }
  });
});
