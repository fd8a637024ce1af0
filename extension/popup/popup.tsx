/**
 * The toolbar popup: a Room tab (start, save, join, settings), the Library and the Playlists.
 * The library is shown from its cached copy at once and refreshed from the relay the first time
 * one of its tabs opens.
 * @module
 */
import { useCallback, useEffect, useState } from 'preact/hooks';
import { browser } from 'wxt/browser';
import type { Playlist, Video } from '../../shared/protocol';
import { callBackground } from './state/background-client';
import { copyText } from '../common/copy-text';
import { withVideo } from './state/library-update';
import type { Notice } from './state/notice';
import type { PopupStatus } from '../common/popup-messages';
import { useLibrary } from './state/use-library';
import { useUndoableDelete } from './state/use-undoable-delete';
import { LibraryView } from './library-view';
import { PlaylistsView } from './playlists-view';
import { RoomView } from './room-view';
import { StatusBar } from './status-bar';
import { TabBar, panelId, tabId as tabButtonId, type PopupTab } from './tab-bar';

const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

export function Popup() {
  const [tabId, setTabId] = useState<number | null | undefined>(undefined);
  const [status, setStatus] = useState<PopupStatus | null>(null);
  const [view, setView] = useState<PopupTab>('room');
  const [libraryWanted, setLibraryWanted] = useState(false);
  const [notice, setNotice] = useState<Notice | null>(null);
  const model = useLibrary(status?.relayUrl ?? null, libraryWanted);
  const notify = useCallback((next: Notice | null) => setNotice(next), []);
  const deleteEntry = useUndoableDelete(model, notify);

  useEffect(() => {
    void browser.tabs.query({ active: true, currentWindow: true }).then(([tab]) => {
      setTabId(tab?.id ?? null);
    });
  }, []);

  const select = (next: PopupTab) => {
    setView(next);
    if (next !== 'room') setLibraryWanted(true);
  };

  const startRoom = (key: string) => {
    void callBackground({ method: 'openRoom', key }).then((outcome) => {
      // On success the new tab takes the focus and the popup closes.
      if (!outcome.ok) notify({ tone: 'error', message: outcome.error });
    });
  };

  const copy = (text: string, what: string) => {
    void copyText(text).then((ok) =>
      notify(
        ok
          ? { tone: 'info', message: `${what} copied.` }
          : { tone: 'error', message: `Could not copy the ${what.toLowerCase()}: ${text}` },
      ),
    );
  };

  const currentTab = status?.tab;
  const saveCurrentVideo =
    currentTab?.youtubeId != null
      ? async (): Promise<Video | null> => {
          const outcome = await callBackground({ method: 'saveVideo', tabId: currentTab.id });
          if (!outcome.ok) {
            notify({ tone: 'error', message: outcome.error });
            return null;
          }
          model.change((library) => withVideo(library, outcome.value.video));
          return outcome.value.video;
        }
      : null;

  const offline =
    model.offline &&
    (model.savedAt
      ? `Offline — showing your library as saved on ${DATE_TIME.format(model.savedAt)}.`
      : 'Offline — your library has not been saved on this computer yet.');

  return (
    <main>
      <header>
        <h1>We Watch</h1>
        <TabBar selected={view} onSelect={select} />
      </header>
      {view !== 'room' && (offline || model.error) && (
        <div class="problem" role="alert">
          <p>{offline || model.error}</p>
          <button type="button" disabled={model.loading} onClick={() => void model.refresh()}>
            Retry
          </button>
        </div>
      )}
      <div
        role="tabpanel"
        id={panelId('room')}
        aria-labelledby={tabButtonId('room')}
        hidden={view !== 'room'}
        class="panel"
      >
        <RoomView
          tabId={tabId}
          status={status}
          onStatus={setStatus}
          onSaved={(video) => model.change((library) => withVideo(library, video))}
          onIdentityChanged={() => void model.refresh()}
        />
      </div>
      <div
        role="tabpanel"
        id={panelId('library')}
        aria-labelledby={tabButtonId('library')}
        hidden={view !== 'library'}
        class="panel"
      >
        <LibraryView
          model={model}
          notify={notify}
          startRoom={startRoom}
          copy={copy}
          remove={(video: Video) => void deleteEntry('video', video.id, video.title)}
        />
      </div>
      <div
        role="tabpanel"
        id={panelId('playlists')}
        aria-labelledby={tabButtonId('playlists')}
        hidden={view !== 'playlists'}
        class="panel"
      >
        <PlaylistsView
          model={model}
          notify={notify}
          startRoom={startRoom}
          copy={copy}
          remove={(playlist: Playlist) => void deleteEntry('playlist', playlist.id, playlist.title)}
          saveCurrentVideo={saveCurrentVideo}
        />
      </div>
      <StatusBar notice={notice} onDismiss={() => setNotice(null)} />
    </main>
  );
}
