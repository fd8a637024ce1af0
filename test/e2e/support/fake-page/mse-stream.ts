/**
 * How youtube.com really plays: the `<video>` gets a `blob:` URL of a MediaSource, and the page
 * feeds it DASH segments, a video SourceBuffer and an audio one, a few seconds ahead of the
 * position. A starved network or a quality switch keeps the same element and source: the
 * buffer runs dry and the element fires `waiting` (then `playing` once data is back); a new
 * rendition changes `videoWidth`/`videoHeight` (`resize`) without any `loadstart`.
 * @module
 */
import type { PageDash } from '../fake-youtube-types';
import type { RenditionLabel } from '../dash-media';

/** YouTube keeps some seconds ahead buffered; this one fetches when less than this is. */
const AHEAD_S = 4;
/** A position this close to a buffered range's start counts as in it (frame rounding). */
const SLACK_S = 0.1;
const TRACKS = ['video', 'audio'] as const;
type Track = (typeof TRACKS)[number];
const MIME: Record<Track, string> = {
  video: 'video/webm; codecs="vp9"',
  audio: 'audio/webm; codecs="opus"',
};

/** Which segments exist yet and where they sit on the timeline: a live stream's differ. */
export interface SegmentClock {
  /** Whether segment `n` (0-based, counting every loop of a live stream) can be fetched. */
  available(n: number): boolean;
  /** Beyond the last segment (an on-demand stream's end); never for a live stream. */
  past(n: number): boolean;
  /** The file number (1-based) holding segment `n`, and the offset its timestamps need. */
  file(n: number): { number: number; offsetS: number };
}

export class MseStream {
  readonly source = new MediaSource();
  readonly url = URL.createObjectURL(this.source);
  #buffers: Partial<Record<Track, SourceBuffer>> = {};
  #busy: Record<Track, boolean> = { video: false, audio: false };
  /** Whose init segment each buffer last had (a video rendition, or `audio`). */
  #appendedInit: Record<Track, string | null> = { video: null, audio: null };
  /** The video rendition wanted from the next segment on. */
  quality: RenditionLabel;
  #withheld = false;
  #generation = 0;
  #abort = new AbortController();
  #timer = 0;
  #closed = false;

  constructor(
    readonly element: HTMLVideoElement,
    readonly dash: PageDash,
    readonly clock: SegmentClock,
    readonly onOpen: (stream: MseStream) => void = () => undefined,
  ) {
    this.quality = dash.renditions[0]!.label;
    this.source.addEventListener('sourceopen', () => this.#open(), { once: true });
    element.addEventListener('seeking', this.#onSeeking);
    element.addEventListener('timeupdate', this.#pump);
    element.addEventListener('waiting', this.#pump);
    // The element stops timeupdates while paused; a stream still fills its buffer then.
    this.#timer = window.setInterval(this.#pump, 250);
  }

  /** Stops feeding the element (it is being given another source). */
  close(): void {
    this.#closed = true;
    this.#abort.abort();
    clearInterval(this.#timer);
    this.element.removeEventListener('seeking', this.#onSeeking);
    this.element.removeEventListener('timeupdate', this.#pump);
    this.element.removeEventListener('waiting', this.#pump);
    URL.revokeObjectURL(this.url);
  }

  /** The network withholds segments (true) or delivers them again (false). */
  withhold(on: boolean): void {
    this.#withheld = on;
    if (!on) this.#pump();
  }

  /** YouTube's quality switch: from the next segment boundary on, `label`'s frames. */
  async switchQuality(label: RenditionLabel): Promise<void> {
    if (label === this.quality) return;
    this.quality = label;
    const buffer = this.#buffers.video;
    if (!buffer) return;
    // The segment playing now stays; a boundary too close to reach in time is skipped.
    const s = this.dash.segmentS;
    const boundary = (Math.floor((this.element.currentTime + 0.5) / s) + 1) * s;
    this.#generation++;
    this.#abort.abort();
    this.#abort = new AbortController();
    await idle(buffer);
    buffer.remove(boundary, Infinity);
    await idle(buffer);
    this.#busy.video = false;
    this.#pump();
  }

  #open(): void {
    this.source.duration = this.dash.live ? Infinity : this.dash.segments * this.dash.segmentS;
    for (const track of TRACKS) {
      const buffer = this.source.addSourceBuffer(MIME[track]);
      buffer.mode = 'segments';
      this.#buffers[track] = buffer;
    }
    this.onOpen(this);
    this.#pump();
  }

  #onSeeking = (): void => {
    // A seek elsewhere makes what is being fetched for the old position moot.
    this.#generation++;
    this.#abort.abort();
    this.#abort = new AbortController();
    for (const track of TRACKS) this.#busy[track] = false;
    this.#pump();
  };

  #pump = (): void => {
    // 'ended' too: a seek back after the end of the stream needs data again.
    if (this.#closed || this.source.readyState === 'closed') return;
    for (const track of TRACKS) void this.#fill(track);
  };

  async #fill(track: Track): Promise<void> {
    const buffer = this.#buffers[track];
    if (!buffer || this.#busy[track] || buffer.updating || this.#withheld) return;
    const t = this.element.currentTime;
    const end = bufferedEnd(buffer.buffered, t);
    if (end - t >= AHEAD_S) return;
    const n = Math.floor((end + SLACK_S) / this.dash.segmentS);
    if (this.clock.past(n)) return this.#maybeEnd();
    if (!this.clock.available(n)) return;
    this.#busy[track] = true;
    const generation = this.#generation;
    try {
      const name = track === 'video' ? this.quality : 'audio';
      const { number, offsetS } = this.clock.file(n);
      const needsInit = this.#appendedInit[track] !== name;
      const signal = this.#abort.signal;
      const [init, media] = await Promise.all([
        needsInit ? fetchBytes(`${this.dash.base}/${name}/init.webm`, signal) : null,
        fetchBytes(`${this.dash.base}/${name}/${number}.webm`, signal),
      ]);
      if (generation !== this.#generation || this.#closed || this.#withheld) return;
      await idle(buffer);
      if (init) {
        buffer.appendBuffer(init);
        await idle(buffer);
        this.#appendedInit[track] = name;
      }
      buffer.timestampOffset = offsetS;
      buffer.appendBuffer(media);
      await idle(buffer);
    } catch (error) {
      if (!(error instanceof DOMException && error.name === 'AbortError')) throw error;
    } finally {
      if (generation === this.#generation) this.#busy[track] = false;
    }
    this.#pump();
  }

  /** An on-demand stream fully buffered to its end: the element may then fire `ended`. */
  #maybeEnd(): void {
    const buffers = TRACKS.map((track) => this.#buffers[track]);
    if (buffers.some((buffer) => !buffer || buffer.updating)) return;
    const last = this.source.duration - this.dash.segmentS / 2;
    const done = buffers.every((buffer) => bufferedEnd(buffer!.buffered, last) > last);
    if (done && this.source.readyState === 'open') this.source.endOfStream();
  }
}

/** The end of the buffered range `t` is in (or `t` itself when it is in none). */
function bufferedEnd(ranges: TimeRanges, t: number): number {
  for (let i = 0; i < ranges.length; i++)
    if (ranges.start(i) <= t + SLACK_S && ranges.end(i) >= t) return ranges.end(i);
  return t;
}

function idle(buffer: SourceBuffer): Promise<void> {
  if (!buffer.updating) return Promise.resolve();
  return new Promise((resolve) =>
    buffer.addEventListener('updateend', () => resolve(), { once: true }),
  );
}

async function fetchBytes(url: string, signal: AbortSignal): Promise<ArrayBuffer> {
  const response = await fetch(url, { signal });
  if (!response.ok) throw new Error(`fake youtube: ${url} answered ${response.status}`);
  return response.arrayBuffer();
}
