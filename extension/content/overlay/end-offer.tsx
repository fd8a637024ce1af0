/**
 * What the overlay offers once the room stands at the end of its video: **Play again** for the
 * whole room, and **Play next together** with the video this member's YouTube page offers as Up
 * next. Under "Only host controls" only the host gets them; the others are told who decides.
 * @module
 */
import type { Presence } from '../presence';
import type { EndOffer } from '../room-end';

export function EndOfferPanel(props: {
  offer: EndOffer;
  presence: Presence;
  onPlayAgain: () => void;
  onPlayNext: () => void;
}) {
  const { offer, presence, onPlayAgain, onPlayNext } = props;
  const next = offer.upNext;
  return (
    <section class="end-offer" aria-label="End of the video">
      <p>The video has ended for everyone.</p>
      {presence.canControl ? (
        <>
          <div class="row">
            <button type="button" class="primary" onClick={onPlayAgain}>
              Play again
            </button>
            {next && (
              <button type="button" aria-describedby="we-watch-up-next" onClick={onPlayNext}>
                Play next together
              </button>
            )}
          </div>
          {next && (
            <p class="hint" id="we-watch-up-next">
              Up next here: <q>{next.title}</q>
            </p>
          )}
        </>
      ) : (
        presence.host && <p class="hint">{presence.host.name} picks what plays next</p>
      )}
    </section>
  );
}
