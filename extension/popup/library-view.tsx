/**
 * The Library tab: every saved video, newest first, with an instant search, a watch-later filter,
 * a page at a time, and export/import.
 * @module
 */
import { useMemo, useState } from 'preact/hooks';
import type { Video } from '../../shared/protocol';
import { filterVideos, firstPages } from './state/library-filter';
import { withVideo } from './state/library-update';
import type { Notice } from './state/notice';
import { updateVideo } from '../common/relay-library-api';
import type { LibraryModel } from './state/use-library';
import { ImportExport } from './import-export';
import { LibraryEntry, type LibraryEntryActions } from './library-entry';

export function LibraryView(props: {
  model: LibraryModel;
  notify: (notice: Notice | null) => void;
  startRoom: (key: string) => void;
  copy: (text: string, what: string) => void;
  remove: (video: Video) => void;
}) {
  const { model, notify } = props;
  const [query, setQuery] = useState('');
  const [watchLaterOnly, setWatchLaterOnly] = useState(false);
  const [pages, setPages] = useState(1);
  const videos = model.library?.videos;
  const matching = useMemo(
    () => filterVideos(videos ?? [], { query, watchLaterOnly }),
    [videos, query, watchLaterOnly],
  );
  const { shown, more } = firstPages(matching, pages);

  const actions: LibraryEntryActions = {
    startRoom: props.startRoom,
    copy: props.copy,
    remove: props.remove,
    async setWatchLater(video, watchLater) {
      const outcome = await model.act(
        (url, session) => updateVideo(url, session, video.id, { watchLater }),
        withVideo,
      );
      if (!outcome.ok) notify({ tone: 'error', message: outcome.error });
      return outcome.ok;
    },
    async rename(video, title) {
      const outcome = await model.act(
        (url, session) => updateVideo(url, session, video.id, { title }),
        withVideo,
      );
      if (!outcome.ok) notify({ tone: 'error', message: outcome.error });
      else notify({ tone: 'info', message: `Renamed to “${outcome.value.title}”.` });
      return outcome.ok;
    },
  };

  const filtering = query.trim() !== '' || watchLaterOnly;
  return (
    <>
      <div class="filters">
        <input
          type="search"
          aria-label="Search library"
          placeholder="Search by title or channel"
          value={query}
          onInput={(e) => {
            setQuery(e.currentTarget.value);
            setPages(1);
          }}
        />
        <label class="check">
          <input
            type="checkbox"
            checked={watchLaterOnly}
            onChange={(e) => {
              setWatchLaterOnly(e.currentTarget.checked);
              setPages(1);
            }}
          />
          Watch later only
        </label>
      </div>
      {videos === undefined ? (
        <p class="empty">
          {model.loading ? 'Loading your library…' : 'Your library is not loaded yet.'}
        </p>
      ) : videos.length === 0 ? (
        <p class="empty">
          Your library is empty. Open a YouTube video and press Save (or Start room) in the Room tab
          to keep it here.
        </p>
      ) : matching.length === 0 ? (
        <p class="empty">
          {watchLaterOnly && !query.trim()
            ? 'Nothing marked Watch later yet.'
            : `No saved video matches “${query.trim()}”${watchLaterOnly ? ' among Watch later' : ''}.`}
        </p>
      ) : (
        <>
          <p class="count" aria-live="polite">
            {filtering
              ? `${matching.length} of ${videos.length} videos`
              : `${videos.length} ${videos.length === 1 ? 'video' : 'videos'}`}
          </p>
          <ul class="entries" aria-label="Saved videos">
            {shown.map((video) => (
              <LibraryEntry key={video.id} video={video} actions={actions} />
            ))}
          </ul>
          {more > 0 && (
            <button type="button" onClick={() => setPages(pages + 1)}>
              Show more ({more} left)
            </button>
          )}
        </>
      )}
      <ImportExport model={model} notify={notify} />
    </>
  );
}
