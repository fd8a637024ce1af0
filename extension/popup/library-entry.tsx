/**
 * One saved video in the Library tab: thumbnail, title, channel, date added, and what can be done
 * with it.
 * @module
 */
import { useRef, useState } from 'preact/hooks';
import { inviteLink } from '../../shared/invite-key';
import type { Video } from '../../shared/protocol';
import { RenameForm } from './rename-form';
import { VideoThumbnail } from './video-thumbnail';

const DATE_FORMAT = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

export interface LibraryEntryActions {
  startRoom(key: string): void;
  copy(text: string, what: string): void;
  setWatchLater(video: Video, watchLater: boolean): Promise<boolean>;
  rename(video: Video, title: string): Promise<boolean>;
  remove(video: Video): void;
}

export function LibraryEntry(props: { video: Video; actions: LibraryEntryActions }) {
  const { video, actions } = props;
  const [renaming, setRenaming] = useState(false);
  const renameButton = useRef<HTMLButtonElement>(null);
  const titleId = `video-${video.id}-title`;
  const closeRename = () => {
    setRenaming(false);
    setTimeout(() => renameButton.current?.focus());
  };
  return (
    <li class="entry" aria-labelledby={titleId}>
      <VideoThumbnail youtubeId={video.youtubeId} />
      <div class="entry-body">
        {renaming ? (
          <RenameForm
            value={video.title}
            onCancel={closeRename}
            onSave={async (title) => {
              const ok = await actions.rename(video, title);
              if (ok) closeRename();
              return ok;
            }}
          />
        ) : null}
        <p id={titleId} class="entry-title" hidden={renaming}>
          {video.title}
        </p>
        <p class="entry-meta">
          {video.channel && <span>{video.channel} · </span>}
          <span>Added {DATE_FORMAT.format(video.addedAt)}</span>
        </p>
        <div class="actions">
          <button type="button" class="small" onClick={() => actions.startRoom(video.inviteKey)}>
            Start room
          </button>
          <button
            type="button"
            class="small"
            onClick={() => actions.copy(video.inviteKey, 'Invite key')}
          >
            Copy invite key
          </button>
          <button
            type="button"
            class="small"
            onClick={() =>
              actions.copy(inviteLink(video.youtubeId, video.inviteKey), 'Invite link')
            }
          >
            Copy invite link
          </button>
          <button
            type="button"
            class="small"
            aria-pressed={video.watchLater}
            onClick={() => void actions.setWatchLater(video, !video.watchLater)}
          >
            Watch later
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
          <button type="button" class="small danger" onClick={() => actions.remove(video)}>
            Delete
          </button>
        </div>
      </div>
    </li>
  );
}
