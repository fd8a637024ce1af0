/**
 * Which video the page shows. The URL says so on a watch page; elsewhere (home, search) the
 * miniplayer may still be playing the video of the watch page the user came from, and then that
 * video is the one on screen. YouTube only ever moves the watch page's own player there, so the
 * video is the one the last watch page showed.
 * @module
 */
import { youtubeIdFromUrl } from '../../../shared/youtube-id';

export class ShownVideo {
  /** The video the last watch page showed, while the player may carry it on elsewhere. */
  #carried: string | null = null;

  /** The video on screen at `url`, given whether the miniplayer shows. */
  read(url: string, miniplayerActive: boolean): string | null {
    const watched = youtubeIdFromUrl(url);
    if (watched !== null || !miniplayerActive) this.#carried = watched;
    return watched ?? this.#carried;
  }

  /** The miniplayer was closed: its video stopped, and no page off `/watch` shows one. */
  closed(): void {
    this.#carried = null;
  }
}
