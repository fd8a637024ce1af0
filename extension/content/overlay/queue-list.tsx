/**
 * A playlist room's queue in the overlay: the entry playing, previous/next, and any entry to pick.
 * Every choice goes to the room, so everyone moves together.
 * @module
 */
import type { RoomInfo } from '../../common/tab-messages';

export function QueueList(props: {
  playlist: NonNullable<RoomInfo['playlist']>;
  item: number | null;
  onPlay: (to: number) => void;
}) {
  const { playlist, item, onPlay } = props;
  const count = playlist.items.length;
  return (
    <section class="queue" aria-label={`Playlist: ${playlist.title}`}>
      <div class="queue-controls">
        <button
          type="button"
          disabled={item === null || item === 0}
          onClick={() => item !== null && onPlay(item - 1)}
        >
          Previous
        </button>
        <span class="queue-position">
          {item === null ? `${count} videos` : `${item + 1} of ${count}`}
        </span>
        <button
          type="button"
          disabled={item === null || item + 1 >= count}
          onClick={() => item !== null && onPlay(item + 1)}
        >
          Next
        </button>
      </div>
      <ol class="queue-items">
        {playlist.items.map((entry, index) => (
          <li
            key={`${index}:${entry.youtubeId}`}
            aria-current={index === item ? 'true' : undefined}
          >
            <button
              type="button"
              class="link"
              disabled={index === item}
              title={index === item ? 'Playing now' : 'Play this for everyone'}
              onClick={() => onPlay(index)}
            >
              {entry.title}
            </button>
          </li>
        ))}
      </ol>
    </section>
  );
}
