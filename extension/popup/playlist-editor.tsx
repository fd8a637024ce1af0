/**
 * An open playlist's items in play order: reorder by keyboard (Move up / Move down, focus stays on
 * the moved item) or by drag and drop, remove, and add from the library or from the tab in front.
 * Every reorder sends the whole new order; if the playlist changed elsewhere meanwhile, it is
 * reloaded and the user told.
 * @module
 */
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { Playlist, Video } from '../../shared/protocol';
import { withPlaylist } from './state/library-update';
import type { Notice } from './state/notice';
import { moveItem } from './state/playlist-order';
import { addPlaylistItem, removePlaylistItem, reorderPlaylist } from '../common/relay-playlist-api';
import type { LibraryModel } from './state/use-library';

type MoveAction = 'up' | 'down';

export function PlaylistEditor(props: {
  id: string;
  playlist: Playlist;
  videos: readonly Video[];
  model: LibraryModel;
  notify: (notice: Notice | null) => void;
  saveCurrentVideo: (() => Promise<Video | null>) | null;
}) {
  const { playlist, videos, model, notify } = props;
  const byId = useMemo(() => new Map(videos.map((video) => [video.id, video])), [videos]);
  const [choice, setChoice] = useState('');
  const [busy, setBusy] = useState(false);
  const [dragFrom, setDragFrom] = useState<number | null>(null);
  const [focus, setFocus] = useState<{ videoId: number; action: MoveAction } | null>(null);
  const items = useRef(new Map<number, HTMLLIElement>());
  // Reorders go out one at a time, in the order they were made.
  const queue = useRef<Promise<unknown>>(Promise.resolve());

  useEffect(() => {
    if (!focus) return;
    const item = items.current.get(focus.videoId);
    const wanted = item?.querySelector<HTMLButtonElement>(`button[data-move="${focus.action}"]`);
    const other = item?.querySelector<HTMLButtonElement>(
      `button[data-move="${focus.action === 'up' ? 'down' : 'up'}"]`,
    );
    (wanted && !wanted.disabled ? wanted : other)?.focus();
    setFocus(null);
  }, [focus, playlist.items]);

  const fail = async (outcome: { error: string; kind?: string }, previous: Playlist) => {
    if (outcome.kind === 'conflict') {
      await model.refresh();
      notify({
        tone: 'error',
        message: `${outcome.error} The playlist was changed elsewhere and has been reloaded.`,
      });
    } else {
      model.change((library) => withPlaylist(library, previous));
      notify({ tone: 'error', message: outcome.error });
    }
  };

  const reorder = (from: number, to: number, action?: MoveAction) => {
    const next = moveItem(playlist.items, from, to);
    if (next === playlist.items) return;
    const previous = playlist;
    const videoId = playlist.items[from]!;
    model.change((library) => withPlaylist(library, { ...playlist, items: [...next] }));
    if (action) setFocus({ videoId, action });
    queue.current = queue.current.then(async () => {
      const outcome = await model.act(
        (url, session) => reorderPlaylist(url, session, playlist.id, [...next]),
        withPlaylist,
      );
      if (!outcome.ok) await fail(outcome, previous);
    });
  };

  const add = async (videoId: number) => {
    const outcome = await model.act(
      (url, session) => addPlaylistItem(url, session, playlist.id, videoId),
      withPlaylist,
    );
    if (!outcome.ok) notify({ tone: 'error', message: outcome.error });
    else
      notify({
        tone: 'info',
        message: `Added “${byId.get(videoId)?.title ?? 'the video'}” to “${playlist.title}”.`,
      });
    return outcome.ok;
  };

  const remove = async (videoId: number) => {
    const previous = playlist;
    model.change((library) =>
      withPlaylist(library, { ...playlist, items: playlist.items.filter((id) => id !== videoId) }),
    );
    const outcome = await model.act(
      (url, session) => removePlaylistItem(url, session, playlist.id, videoId),
      withPlaylist,
    );
    if (!outcome.ok) await fail(outcome, previous);
  };

  const addable = videos.filter((video) => !playlist.items.includes(video.id));
  const last = playlist.items.length - 1;

  return (
    <div class="playlist-editor" id={props.id}>
      {playlist.items.length === 0 ? (
        <p class="empty">This playlist is empty: add videos from your library below.</p>
      ) : (
        <ol class="items" aria-label={`Videos in ${playlist.title}`}>
          {playlist.items.map((videoId, index) => {
            const video = byId.get(videoId);
            const title = video?.title ?? `Video ${videoId} (no longer in your library)`;
            return (
              <li
                key={videoId}
                ref={(el) => {
                  if (el) items.current.set(videoId, el);
                  else items.current.delete(videoId);
                }}
                class={`item${dragFrom === index ? ' dragging' : ''}`}
                aria-label={title}
                draggable
                onDragStart={(event) => {
                  setDragFrom(index);
                  event.dataTransfer?.setData('text/plain', title);
                  if (event.dataTransfer) event.dataTransfer.effectAllowed = 'move';
                }}
                onDragEnd={() => setDragFrom(null)}
                onDragOver={(event) => {
                  if (dragFrom !== null) event.preventDefault();
                }}
                onDrop={(event) => {
                  event.preventDefault();
                  if (dragFrom !== null) reorder(dragFrom, index);
                  setDragFrom(null);
                }}
              >
                <span class="handle" aria-hidden="true">
                  ⠿
                </span>
                <span class="item-title">
                  {index + 1}. {title}
                </span>
                <span class="item-actions">
                  <button
                    type="button"
                    class="small"
                    data-move="up"
                    disabled={index === 0}
                    onClick={() => reorder(index, index - 1, 'up')}
                  >
                    Move up
                  </button>
                  <button
                    type="button"
                    class="small"
                    data-move="down"
                    disabled={index === last}
                    onClick={() => reorder(index, index + 1, 'down')}
                  >
                    Move down
                  </button>
                  <button type="button" class="small" onClick={() => void remove(videoId)}>
                    Remove
                  </button>
                </span>
              </li>
            );
          })}
        </ol>
      )}
      <form
        class="row add"
        onSubmit={(event) => {
          event.preventDefault();
          if (!choice || busy) return;
          setBusy(true);
          void add(Number(choice)).then((ok) => {
            setBusy(false);
            if (ok) setChoice('');
          });
        }}
      >
        <select
          aria-label="Add from library"
          value={choice}
          disabled={addable.length === 0}
          onChange={(e) => setChoice(e.currentTarget.value)}
        >
          <option value="">
            {addable.length === 0 ? 'Every saved video is in it' : 'Choose a saved video…'}
          </option>
          {addable.map((video) => (
            <option key={video.id} value={String(video.id)}>
              {video.title}
            </option>
          ))}
        </select>
        <button type="submit" disabled={!choice || busy}>
          Add
        </button>
      </form>
      <button
        type="button"
        disabled={!props.saveCurrentVideo || busy}
        title={props.saveCurrentVideo ? undefined : 'Open a YouTube video first'}
        onClick={() => {
          const save = props.saveCurrentVideo;
          if (!save) return;
          setBusy(true);
          void save()
            .then((video) => (video ? add(video.id) : false))
            .finally(() => setBusy(false));
        }}
      >
        Add this page's video
      </button>
    </div>
  );
}
