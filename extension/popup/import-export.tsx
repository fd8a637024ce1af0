/**
 * Export the library to a file, and import one: the file is checked first (`import-file.ts`, so
 * a wrong file gets a clear sentence), then the relay adds what it can and reports what it
 * skipped.
 * @module
 */
import { useState } from 'preact/hooks';
import { buildLibraryExport } from '../../shared/library-export';
import type { ImportReport } from '../../shared/protocol';
import { readImportFile } from './state/import-file';
import type { Notice } from './state/notice';
import { importLibrary } from '../common/relay-library-api';
import type { LibraryModel } from './state/use-library';

export const EXPORT_FILE_NAME = 'we-watch-library.json';

function download(text: string, name: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

export function ImportExport(props: {
  model: LibraryModel;
  notify: (notice: Notice | null) => void;
}) {
  const { model, notify } = props;
  const [report, setReport] = useState<ImportReport | null>(null);
  const [busy, setBusy] = useState(false);

  const exportLibrary = () => {
    if (!model.library) return;
    download(
      JSON.stringify(buildLibraryExport(model.library, Date.now()), null, 2),
      EXPORT_FILE_NAME,
    );
    notify({
      tone: 'info',
      message: model.offline
        ? `Exported your library as saved on this computer (${EXPORT_FILE_NAME}).`
        : `Exported your library (${EXPORT_FILE_NAME}).`,
    });
  };

  const importFile = async (file: File) => {
    setReport(null);
    const read = await readImportFile(file);
    if (!read.ok) return notify({ tone: 'error', message: read.error });
    setBusy(true);
    const outcome = await model.act((url, session) => importLibrary(url, session, read.json));
    setBusy(false);
    if (!outcome.ok) return notify({ tone: 'error', message: outcome.error });
    setReport(outcome.value);
    notify({ tone: 'info', message: `Imported “${file.name}”.` });
    await model.refresh();
  };

  return (
    <section class="import-export" aria-labelledby="import-export-heading">
      <h2 id="import-export-heading">Export and import</h2>
      <div class="row">
        <button type="button" disabled={!model.library?.videos.length} onClick={exportLibrary}>
          Export library
        </button>
        <label class={`file-button${busy ? ' busy' : ''}`}>
          <span aria-hidden="true">Import library</span>
          <input
            type="file"
            aria-label="Import library"
            accept="application/json,.json"
            disabled={busy}
            onChange={(e) => {
              const input = e.currentTarget;
              const file = input.files?.[0];
              input.value = '';
              if (file) void importFile(file);
            }}
          />
        </label>
      </div>
      {busy && <p class="hint">Importing…</p>}
      {report && (
        <div class="report" role="status">
          <p>
            Added {plural(report.videosAdded, 'video', 'videos')} (
            {plural(report.videosAlreadySaved, 'was', 'were')} already saved) and{' '}
            {plural(report.playlistsAdded, 'playlist', 'playlists')}.
          </p>
          {report.skipped.length > 0 && (
            <>
              <p>Skipped {plural(report.skipped.length, 'entry', 'entries')}:</p>
              <ul aria-label="Skipped entries">
                {report.skipped.map((skip, i) => (
                  <li key={i}>
                    <code>{skip.entry}</code>: {skip.reason}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
    </section>
  );
}
