import { describe, expect, it } from 'vitest';
import type { RoomState } from '../../shared/protocol';
import { endOffer, endStep, sameOffer } from './room-end';

const atEnd: RoomState = {
  rev: 7,
  videoId: 'aaaaaaaaaa1',
  item: null,
  playing: false,
  position: 12.01,
  rate: 1,
  at: 1000,
  hold: null,
};
const upNext = { youtubeId: 'bbbbbbbbbb2', title: 'Sync Test Pattern B' };

describe('endStep', () => {
  it('stops a room that plays one video, and moves a playlist room to its next entry', () => {
    expect(endStep({ ...atEnd, playing: true }, true)).toEqual({ kind: 'stop' });
    expect(endStep({ ...atEnd, playing: true, item: 3 }, true)).toEqual({
      kind: 'queue',
      from: 3,
      to: 4,
    });
    expect(endStep({ ...atEnd, item: 199 }, true)).toBeNull();
  });

  it('leaves it to the host under "Only host controls"', () => {
    expect(endStep(atEnd, false)).toBeNull();
    expect(endStep({ ...atEnd, item: 0 }, false)).toBeNull();
  });
});

describe('endOffer', () => {
  it("offers Play again and the page's Up next once the room is paused at the end", () => {
    expect(endOffer(atEnd, 12.01, upNext)).toEqual({ upNext });
    // A member whose video is a frame short of the end is at the end too.
    expect(endOffer(atEnd, 12.05, upNext)).toEqual({ upNext });
    expect(endOffer(atEnd, 12.01, null)).toEqual({ upNext: null });
    expect(endOffer(atEnd, 12.01, { ...upNext, youtubeId: atEnd.videoId })).toEqual({
      upNext: null,
    });
  });

  it('offers nothing before the end, while playing or holding, or in a playlist room', () => {
    expect(endOffer({ ...atEnd, position: 8 }, 12.01, upNext)).toBeNull();
    expect(endOffer({ ...atEnd, playing: true }, 12.01, upNext)).toBeNull();
    const hold = { id: 7, reason: 'seek' as const, waitingFor: ['m1'], deadline: 9000 };
    expect(endOffer({ ...atEnd, hold }, 12.01, upNext)).toBeNull();
    expect(endOffer({ ...atEnd, item: 0 }, 12.01, upNext)).toBeNull();
    expect(endOffer(null, 12.01, upNext)).toBeNull();
    expect(endOffer(atEnd, Number.NaN, upNext)).toBeNull();
  });

  it('tells offers apart by their Up next', () => {
    expect(sameOffer({ upNext }, { upNext: { ...upNext } })).toBe(true);
    expect(sameOffer({ upNext }, { upNext: null })).toBe(false);
    expect(sameOffer(null, { upNext: null })).toBe(false);
    expect(sameOffer(null, null)).toBe(true);
  });
});
