/**
 * What the overlay shows, kept by the tab and changed as the background's messages arrive; every
 * change renders it again.
 * @module
 */
import type { Hold, Knock, MemberInfo, Reaction } from '../../../shared/protocol';
import type {
  BackgroundToTab,
  ConnectionStatus,
  RoomInfo,
  TabNoticeCode,
} from '../../common/tab-messages';
import { monotonicNow } from '../../common/monotonic-now';
import { EMPTY_CHAT_LOG, reduceChatLog, type ChatLog, type ChatLogAction } from '../chat-log';
import {
  REACTION_FLOAT_MS,
  addReaction,
  liveReactions,
  type FloatingReaction,
} from '../floating-reactions';
import type { EndOffer } from '../room-end';
import type { TabContext } from '../tab-context';
import type { PlayabilityError } from '../youtube-page';

export interface OverlayModel {
  room: RoomInfo | null;
  status: ConnectionStatus;
  message?: string;
  autoplayBlocked: boolean;
  /** YouTube will not play the video here: its error screen shows instead. */
  unavailable: PlayabilityError | null;
  memberId: string | null;
  members: MemberInfo[];
  /** Members the list leaves out to fit one frame (never the host, never you). */
  unlisted: number;
  /** The room is holding for members (after a seek, a stall, or loading the next video). */
  hold: Hold | null;
  /** In a playlist room, the queue entry playing. */
  item: number | null;
  /** Set while a room outside playlists stands at the end of its video: what to play now. */
  end: EndOffer | null;
  /** Something to tell the user after leaving (an unknown invite link, say). */
  notice?: string;
  /** "Only host controls" is on. */
  hostOnly: boolean;
  /** "Only people I let in" is on. */
  letInOnly: boolean;
  /** To the host: who is waiting to be let in. */
  knocks: Knock[];
  chat: ChatLog;
  reactions: FloatingReaction[];
  /** A refusal to show for a moment, in the relay's words; `key` changes with each one. */
  flash: { code: TabNoticeCode; message: string; key: number } | null;
  /** This user's nickname; null until read. */
  nickname: string | null;
  /** Set while an invite link asks "Join the room for this video?"; a new number per ask. */
  joinPrompt: number | null;
  /** Set while a click on another video asks "Leave the room?"; a new number per ask. */
  leaveAsk: number | null;
  /** Stepped out of a room (it is remembered): its video, to go back to. */
  rejoin: string | null;
}

/** How long a refusal ("Only the host can control playback") stays on screen. */
const FLASH_MS = 4000;

type Message<K extends BackgroundToTab['type']> = Extract<BackgroundToTab, { type: K }>;

export class OverlayState {
  #model: OverlayModel = {
    room: null,
    status: 'connecting',
    autoplayBlocked: false,
    unavailable: null,
    memberId: null,
    members: [],
    unlisted: 0,
    hold: null,
    item: null,
    end: null,
    hostOnly: false,
    letInOnly: false,
    knocks: [],
    chat: EMPTY_CHAT_LOG,
    reactions: [],
    flash: null,
    nickname: null,
    joinPrompt: null,
    leaveAsk: null,
    rejoin: null,
  };
  #flashTimer: number | undefined;
  #nextReactionKey = 1;

  constructor(
    private readonly ctx: Pick<TabContext, 'setTimeout'>,
    private readonly render: (model: OverlayModel) => void,
  ) {}

  get model(): OverlayModel {
    return this.#model;
  }

  update(change: Partial<OverlayModel>): void {
    this.#model = { ...this.#model, ...change };
    this.render(this.#model);
  }

  chat(action: ChatLogAction): void {
    this.update({ chat: reduceChatLog(this.#model.chat, action) });
  }

  members(message: Message<'members'>): void {
    this.update({
      members: message.members,
      hostOnly: message.hostOnly,
      unlisted: message.unlisted,
      letInOnly: message.letInOnly,
    });
    this.chat({ type: 'members', members: message.members, at: Date.now() });
  }

  /** A refusal the relay answered, shown for a moment. */
  flash(code: TabNoticeCode, message: string): void {
    clearTimeout(this.#flashTimer);
    this.update({ flash: { code, message, key: (this.#model.flash?.key ?? 0) + 1 } });
    this.#flashTimer = this.ctx.setTimeout(() => this.update({ flash: null }), FLASH_MS);
  }

  /** A reaction floats over the video for a moment. */
  reaction(emoji: Reaction, name: string): void {
    const now = monotonicNow();
    this.update({
      reactions: addReaction(
        this.#model.reactions,
        { key: this.#nextReactionKey++, emoji, name, lane: Math.random() },
        now,
      ),
    });
    this.ctx.setTimeout(
      () => this.update({ reactions: liveReactions(this.#model.reactions, monotonicNow()) }),
      REACTION_FLOAT_MS + 50,
    );
  }

  /**
   * Out of the room: nothing of it is shown any more, only why we left (if we know) and, when
   * the room is remembered, the way back to its video.
   */
  left(notice: string | undefined, rejoin: string | null = null): void {
    this.update({
      room: null,
      rejoin,
      leaveAsk: null,
      // Not `knocking` any more: a joiner turned away (or giving up) sees why, not the wait.
      status: 'connecting',
      notice,
      autoplayBlocked: false,
      members: [],
      unlisted: 0,
      hold: null,
      item: null,
      end: null,
      hostOnly: false,
      letInOnly: false,
      knocks: [],
      chat: reduceChatLog(this.#model.chat, { type: 'clear' }),
      reactions: [],
      flash: null,
    });
  }
}
