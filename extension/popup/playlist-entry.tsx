/**
 * One playlist: title, item count, its invite, rename and delete, and when open its editor.
 * @module
 */
import { useRef, useState } from 'preact/hooks';
import { inviteLink } from '../../shared/invite-key';
import type { Playlist, Video } from '../../shared/protocol';
import { withPlaylist } from './state/library-update';
import type { Notice } from './state/notice';
import { renamePlaylist } from '../common/relay-playlist-api';
import type { LibraryModel } from './state/use-library';
import { PlaylistEditor } from './playlist-editor';
import { RenameForm } from './rename-form';

export function PlaylistEntry(props: {
  playlist: Playlist;
  videos: readonly Video[];
  model: LibraryModel;
  notify: (notice: Notice | null) => void;
  open: boolean;
  onToggle: () => void;
  startRoom: (key: string) => void;
  copy: (text: string, what: string) => void;
  remove: (playlist: Playlist) => void;
  saveCurrentVideo: (() => Promise<Video | null>) | null;
}) {
  const { playlist, videos, model, notify } = props;
  const [renaming, setRenaming] = useState(false);
  const renameButton = useRef<HTMLButtonElement>(null);
  const titleId = `playlist-${playlist.id}-title`;
  const editorId = `playlist-${playlist.id}-items`;
  const count = playlist.items.length;
  const first = videos.find((video) => video.id === playlist.items[0]);
  const closeRename = () => {
    setRenaming(false);
    setTimeout(() => renameButton.current?.focus());
  };

  return (
    <li class="entry playlist" aria-labelledby={titleId}>
      <div class="entry-body">
        {renaming && (
          <RenameForm
            value={playlist.title}
            onCancel={closeRename}
            onSave={async (title) => {
              const outcome = await model.act(
                (url, session) => renamePlaylist(url, session, playlist.id, title),
                withPlaylist,
              );
              if (!outcome.ok) notify({ tone: 'error', message: outcome.error });
              else closeRename();
              return outcome.ok;
            }}
          />
        )}
        <p id={titleId} class="entry-title" hidden={renaming}>
          {playlist.title}
        </p>
        <p class="entry-meta">{count === 1 ? '1 video' : `${count} videos`}</p>
        <div class="actions">
          <button
            type="button"
            class="small"
            aria-expanded={props.open}
            aria-controls={editorId}
            onClick={props.onToggle}
          >
            {props.open ? 'Close' : 'Open'}
          </button>
          <button
            type="button"
            class="small"
            disabled={count === 0}
            title={count === 0 ? 'Add a video first' : undefined}
            onClick={() => props.startRoom(playlist.inviteKey)}
          >
            Start room
          </button>
          <button
            type="button"
            class="small"
            onClick={() => props.copy(playlist.inviteKey, 'Invite key')}
          >
            Copy invite key
          </button>
          <button
            type="button"
            class="small"
            disabled={!first}
            onClick={() =>
              first && props.copy(inviteLink(first.youtubeId, playlist.inviteKey), 'Invite link')
            }
          >
            Copy invite link
          </button>
          <button
            type="button"
            class="small"
            ref={renameButton}
            disabled={renaming}
            onClick={() => setRenaming(true)}
          >
            Rename
          </button>
          <button type="button" class="small danger" onClick={() => props.remove(playlist)}>
            Delete
          </button>
        </div>
        {props.open && (
          <PlaylistEditor
            id={editorId}
            playlist={playlist}
            videos={videos}
            model={model}
            notify={notify}
            saveCurrentVideo={props.saveCurrentVideo}
          />
        )}
      </div>
    </li>
  );
}
