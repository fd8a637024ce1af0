/**
 * The check an export file goes through before it is sent to the relay for import, so a wrong
 * file gets a clear sentence at once (the relay checks every entry again itself).
 * @module
 */
import { readLibraryExport } from '../../../shared/library-export';
import { MAX_IMPORT_BYTES } from '../../../shared/protocol';

/** The file's JSON, as read from disk, or why it is not a We Watch library file. */
export type ImportFile = { ok: true; json: Record<string, unknown> } | { ok: false; error: string };

export async function readImportFile(
  file: Pick<File, 'name' | 'size' | 'text'>,
): Promise<ImportFile> {
  if (file.size > MAX_IMPORT_BYTES)
    return { ok: false, error: 'That file is too big to be a We Watch library (over 2 MB).' };
  let json: unknown;
  try {
    json = JSON.parse(await file.text());
  } catch {
    return { ok: false, error: `“${file.name}” is not a We Watch library file: it is not JSON.` };
  }
  const read = readLibraryExport(json);
  if (!read.ok || typeof json !== 'object' || json === null)
    return {
      ok: false,
      error: `“${file.name}” is not a We Watch library file (${read.ok ? 'not an object' : read.error}).`,
    };
  return { ok: true, json: json as Record<string, unknown> };
}
