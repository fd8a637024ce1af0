import { describe, expect, it } from 'vitest';
import { buildLibraryExport } from '../../../shared/library-export';
import { MAX_IMPORT_BYTES } from '../../../shared/protocol';
import { readImportFile } from './import-file';
import { playlist, video } from './popup-test-support';

const file = (text: string, size = text.length) => ({
  name: 'mine.json',
  size,
  text: () => Promise.resolve(text),
});

describe('a file chosen for import', () => {
  it('is passed on as read when it is an export file', async () => {
    const exported = buildLibraryExport({ videos: [video(1)], playlists: [playlist(1, [1])] }, 5);
    const json = JSON.parse(JSON.stringify(exported)) as Record<string, unknown>;
    expect(await readImportFile(file(JSON.stringify(exported)))).toEqual({ ok: true, json });
  });

  it('is refused, saying why, when too big, not JSON or not an export file', async () => {
    const big = await readImportFile(file('{}', MAX_IMPORT_BYTES + 1));
    expect(big).toMatchObject({ ok: false, error: expect.stringMatching(/too big/) as unknown });
    const text = await readImportFile(file('not json'));
    expect(text).toMatchObject({ ok: false, error: expect.stringMatching(/not JSON/) as unknown });
    const other = await readImportFile(file('{"hello":1}'));
    expect(other).toMatchObject({
      ok: false,
      error: expect.stringMatching(/^“mine.json” is not/) as unknown,
    });
    const list = await readImportFile(file('[]'));
    expect(list).toMatchObject({ ok: false });
  });
});
