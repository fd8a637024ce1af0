/**
 * The panel beside the video while the tab is in a room: who is here and how in sync they are,
 * whom the room waits for, what to play at the end of the video, the playlist queue, chat,
 * reactions, the host's controls, the invite key with Copy, the prompts sync may need from the
 * user, and the question an invite link asks.
 * It renders the tab's `OverlayModel` and calls the `TabController` for what the user does. It
 * docks to the right below the masthead, goes below the player in theatre mode, shrinks to a
 * handle when the page is too narrow, becomes a compact "Chat" toggle in full screen, and follows
 * YouTube's light/dark theme.
 * @module
 */
import { useRef, useState } from 'preact/hooks';
import type { Hold, MemberInfo } from '../../../shared/protocol';
import { presence } from '../presence';
import type { TabController } from '../tab-actions';
import type { ConnectionStatus } from '../../common/tab-messages';
import { ChatPanel } from './chat-panel';
import { CopyField } from '../../common/ui/copy-field';
import { EndOfferPanel } from './end-offer';
import { MembersList } from './members-list';
import { NicknameForm } from '../../common/ui/nickname-form';
import { QueueList } from './queue-list';
import { JoinPrompt } from './join-prompt';
import { LeavePrompt } from './leave-prompt';
import { FloatingReactions, ReactionBar } from './reactions';
import type { OverlayModel } from './overlay-model';
import { UnavailableNotice } from './unavailable-notice';
import { usePageLayout } from './use-page-layout';

export const KNOCKING_TEXT = 'Waiting for the host to let you in';

const STATUS_TEXT: Record<ConnectionStatus, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
  error: 'Not connected',
  away: 'On another video',
  knocking: KNOCKING_TEXT,
};

/**
 * A host switch shows the room's setting, not the click: it stays as it was until the relay
 * confirms the change (a refused or lost one would otherwise show a room as locked that is not).
 */
function flip(input: HTMLInputElement, current: boolean, set: (on: boolean) => void): void {
  const wanted = input.checked;
  input.checked = current;
  set(wanted);
}

function waitingText(hold: Hold, members: MemberInfo[], me: string | null): string | null {
  const others = hold.waitingFor.filter((id) => id !== me);
  if (others.length === 0) return null;
  const names = others.map((id) => members.find((m) => m.id === id)?.name ?? 'a friend');
  return `Waiting for ${names.join(', ')}…`;
}

export function Overlay(props: { model: OverlayModel; controller: TabController }) {
  const { model, controller } = props;
  const { room, status, message, autoplayBlocked, notice, members, memberId, hold, item } = model;
  const layout = usePageLayout();
  const toggle = useRef<HTMLButtonElement>(null);
  const compact = layout.fullscreen || layout.narrow;
  /**
   * The user's own choice, kept with the mode it was made in: switching between the docked panel
   * and the compact toggle starts from that mode's default, so the panel never ends up covering
   * the player. Derived during render rather than reset in an effect, which could run after a
   * click made in the new mode and undo it.
   */
  const [choice, setChoice] = useState<{ compact: boolean; open: boolean } | null>(null);
  const open = choice !== null && choice.compact === compact ? choice.open : !compact;
  const setUserOpen = (value: boolean) => setChoice({ compact, open: value });

  // Keys typed in the panel are not YouTube's shortcuts (k, j, l, f…).
  const ownKeys = {
    onKeyUp: (event: KeyboardEvent) => event.stopPropagation(),
    onKeyPress: (event: KeyboardEvent) => event.stopPropagation(),
  };
  const prompt = model.joinPrompt !== null && (
    <JoinPrompt
      key={model.joinPrompt}
      onJoin={controller.acceptInvite}
      onDecline={controller.declineInvite}
    />
  );

  if (!room) {
    if (status === 'knocking') {
      return (
        <aside class="panel" aria-label="We Watch" data-theme={layout.theme}>
          <p role="status">{KNOCKING_TEXT}</p>
          <button type="button" onClick={controller.leave}>
            Leave room
          </button>
        </aside>
      );
    }
    if (!notice && !prompt) return null;
    return (
      <aside
        class="panel"
        aria-label="We Watch"
        data-theme={layout.theme}
        {...ownKeys}
        onKeyDown={(event) => event.stopPropagation()}
      >
        {prompt}
        {notice && (
          <>
            <p role="alert">{notice}</p>
            {model.rejoin !== null && (
              <button type="button" class="primary" onClick={controller.backToVideo}>
                Back to the video
              </button>
            )}
            <button type="button" onClick={controller.dismissNotice}>
              Dismiss
            </button>
          </>
        )}
      </aside>
    );
  }

  const who = presence(members, memberId, model.hostOnly);
  const waiting = hold ? waitingText(hold, members, memberId) : null;
  const waitedFor = hold?.reason === 'buffering' && memberId && hold.waitingFor.includes(memberId);
  const close = () => {
    setUserOpen(false);
    toggle.current?.focus();
  };
  const place = layout.fullscreen
    ? 'fullscreen'
    : layout.theater
      ? 'theater'
      : layout.narrow
        ? 'narrow'
        : 'side';
  const unread = model.chat.entries.length;

  return (
    <>
      <aside
        class={`panel ${open ? 'open' : 'closed'}`}
        aria-label="We Watch"
        data-theme={layout.theme}
        data-place={place}
        style={
          layout.belowPlayer !== null && !layout.fullscreen
            ? { top: `${layout.belowPlayer}px` }
            : undefined
        }
        {...ownKeys}
        onKeyDown={(event) => {
          event.stopPropagation();
          if (event.key === 'Escape' && open) {
            event.preventDefault();
            close();
          }
        }}
      >
        <header>
          <strong>We Watch</strong>
          <span class={`dot ${status}`} aria-hidden="true" />
          <span class="status" role="status">
            {STATUS_TEXT[status]}
          </span>
          <button
            ref={toggle}
            type="button"
            class="link toggle"
            aria-expanded={open}
            aria-controls="we-watch-body"
            onClick={() => (open ? close() : setUserOpen(true))}
          >
            {compact ? (open ? 'Hide chat' : 'Chat') : open ? 'Hide' : 'Show'}
            {!open && compact && unread > 0 ? <span class="count"> ({unread})</span> : null}
          </button>
        </header>
        {prompt}
        {model.leaveAsk !== null && (
          <LeavePrompt
            key={model.leaveAsk}
            onLeave={controller.leaveForVideo}
            onStay={controller.stay}
          />
        )}
        {model.unavailable && <UnavailableNotice error={model.unavailable} />}
        {autoplayBlocked && (
          <button type="button" class="primary" onClick={controller.resync}>
            Click to sync
          </button>
        )}
        {waiting && <p class="waiting">{waiting}</p>}
        {waitedFor && (
          <button type="button" onClick={controller.dontWait}>
            Don't wait for me
          </button>
        )}
        {model.end && (
          <EndOfferPanel
            offer={model.end}
            presence={who}
            onPlayAgain={controller.playAgain}
            onPlayNext={controller.playNext}
          />
        )}
        {model.flash?.code === 'host_only' && (
          <p class="notice" role="alert" key={model.flash.key}>
            {model.flash.message}
          </p>
        )}
        {open && (
          <div class="body" id="we-watch-body">
            {message && status !== 'connected' && <p class="error">{message}</p>}
            <section class="people" aria-label="People">
              <MembersList
                presence={who}
                unlisted={model.unlisted}
                knocks={who.amHost ? model.knocks : []}
                onHandHost={controller.handHost}
                onRemove={controller.removeMember}
                onLetIn={controller.letIn}
                onDeny={controller.deny}
              />
              {who.amHost ? (
                <>
                  <label class="switch">
                    <input
                      type="checkbox"
                      role="switch"
                      checked={model.hostOnly}
                      onChange={(e) =>
                        flip(e.currentTarget, model.hostOnly, controller.setHostOnly)
                      }
                    />
                    Only host controls
                  </label>
                  <label class="switch">
                    <input
                      type="checkbox"
                      role="switch"
                      checked={model.letInOnly}
                      onChange={(e) =>
                        flip(e.currentTarget, model.letInOnly, controller.setLetInOnly)
                      }
                    />
                    Only people I let in
                  </label>
                </>
              ) : (
                model.hostOnly &&
                who.host && <p class="hint">{who.host.name} controls playback for everyone</p>
              )}
            </section>
            {room.playlist && !layout.fullscreen && (
              <QueueList playlist={room.playlist} item={item} onPlay={controller.playItem} />
            )}
            <ChatPanel
              log={model.chat}
              memberId={memberId}
              slowDown={model.flash?.code === 'rate_limited' ? model.flash.key : null}
              tooLong={model.flash?.code === 'too_long' ? model.flash.key : null}
              onSend={controller.sendChat}
            />
            <ReactionBar onReact={controller.react} />
            {!layout.fullscreen && (
              <>
                <CopyField label="Room invite key" value={room.key} />
                <CopyField label="Invite link" value={room.link} buttonLabel="Copy link" />
                <NicknameForm
                  value={model.nickname}
                  onSave={(name) => {
                    controller.rename(name);
                    return true;
                  }}
                />
              </>
            )}
            <div class="row actions">
              <button type="button" onClick={controller.resync}>
                Resync
              </button>
              <button type="button" onClick={controller.leave}>
                Leave room
              </button>
            </div>
          </div>
        )}
      </aside>
      <FloatingReactions reactions={model.reactions} />
    </>
  );
}
