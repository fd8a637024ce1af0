/**
 * The Playlists tab: create a playlist, and every playlist with what can be done with it.
 * @module
 */
import { useState } from 'preact/hooks';
import type { Playlist, Video } from '../../shared/protocol';
import { withPlaylist } from './state/library-update';
import type { Notice } from './state/notice';
import { createPlaylist } from '../common/relay-playlist-api';
import type { LibraryModel } from './state/use-library';
import { PlaylistEntry } from './playlist-entry';

export function PlaylistsView(props: {
  model: LibraryModel;
  notify: (notice: Notice | null) => void;
  startRoom: (key: string) => void;
  copy: (text: string, what: string) => void;
  remove: (playlist: Playlist) => void;
  /** Saves the video in the tab in front (if it is a watch page) and resolves with it. */
  saveCurrentVideo: (() => Promise<Video | null>) | null;
}) {
  const { model, notify } = props;
  const [name, setName] = useState('');
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState<number | null>(null);
  const playlists = model.library?.playlists;
  const videos = model.library?.videos ?? [];

  return (
    <>
      <form
        class="create"
        onSubmit={(event) => {
          event.preventDefault();
          const title = name.trim();
          if (!title || busy) return;
          setBusy(true);
          void model
            .act((url, session) => createPlaylist(url, session, title), withPlaylist)
            .then((outcome) => {
              setBusy(false);
              if (!outcome.ok) return notify({ tone: 'error', message: outcome.error });
              setName('');
              setOpen(outcome.value.id);
              notify({ tone: 'info', message: `Created “${outcome.value.title}”.` });
            });
        }}
      >
        <label for="playlist-name">Playlist name</label>
        <div class="row">
          <input
            id="playlist-name"
            value={name}
            maxLength={200}
            autoComplete="off"
            placeholder="Friday movie night"
            onInput={(e) => setName(e.currentTarget.value)}
          />
          <button type="submit" disabled={busy || name.trim() === ''}>
            Create playlist
          </button>
        </div>
      </form>
      {playlists === undefined ? (
        <p class="empty">
          {model.loading ? 'Loading your playlists…' : 'Your playlists are not loaded yet.'}
        </p>
      ) : playlists.length === 0 ? (
        <p class="empty">
          No playlists yet. Name one above, then add videos from your library: friends who join its
          room watch them one after another with you.
        </p>
      ) : (
        <ul class="entries" aria-label="Playlists">
          {playlists.map((playlist) => (
            <PlaylistEntry
              key={playlist.id}
              playlist={playlist}
              videos={videos}
              model={model}
              notify={notify}
              open={open === playlist.id}
              onToggle={() => setOpen(open === playlist.id ? null : playlist.id)}
              startRoom={props.startRoom}
              copy={props.copy}
              remove={props.remove}
              saveCurrentVideo={props.saveCurrentVideo}
            />
          ))}
        </ul>
      )}
    </>
  );
}
