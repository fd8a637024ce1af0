/**
 * Member lists as they go out: each member's entry serialized once per fan-out, and a long list
 * cut down to fit one frame, always keeping the host and the member who receives it.
 * @module
 */
import { MAX_FRAME_BYTES, type MemberInfo } from '../../shared/protocol';
import type { RoomRoster } from './ports/members';

/** The most entries a list may carry (MembersSchema's and WelcomeSchema's limit). */
const MAX_LISTED = 64;
/** What a members frame needs besides its entries: type, the flags, unlisted and brackets. */
const MEMBERS_FRAME_OVERHEAD = 112;

/** What one list carries for its receiver, and how many members it leaves out. */
export interface ListedMembers {
  members: MemberInfo[];
  unlisted: number;
}

/**
 * Which entries every receiver's list shares. Everything, when it fits; otherwise the host's
 * entries first and then the others in order, as many as fit with room to spare for one more
 * entry (the receiver's own, if it is not among them).
 */
class Selection {
  readonly texts: string[];
  readonly shared: number[];
  readonly complete: boolean;

  constructor(
    readonly members: readonly MemberInfo[],
    budget: number,
  ) {
    this.texts = members.map((member) => JSON.stringify(member));
    const sizes = this.texts.map((text) => Buffer.byteLength(text) + 1);
    const total = sizes.reduce((sum, size) => sum + size, 0);
    this.complete = total <= budget && members.length <= MAX_LISTED;
    if (this.complete) {
      this.shared = members.map((_, i) => i);
      return;
    }
    const order = members.map((_, i) => i);
    order.sort((a, b) => Number(members[b]?.host) - Number(members[a]?.host) || a - b);
    let used = Math.max(...sizes);
    const kept: number[] = [];
    for (const i of order) {
      const size = sizes[i] ?? 0;
      if (kept.length >= MAX_LISTED - 1 || used + size > budget) continue;
      kept.push(i);
      used += size;
    }
    this.shared = kept.sort((a, b) => a - b);
  }

  /** The entries `receiver`'s list carries, in list order. */
  indicesFor(receiver: string): number[] {
    const self = this.members.findIndex((member) => member.id === receiver);
    if (self < 0 || this.shared.includes(self)) return this.shared;
    return [...this.shared, self].sort((a, b) => a - b);
  }
}

/** The list one receiver (a joiner's welcome) gets, within `budget` bytes of entries. */
export function listFor(
  members: readonly MemberInfo[],
  receiver: string,
  budget: number,
): ListedMembers {
  const selection = new Selection(members, budget);
  const indices = selection.indicesFor(receiver);
  return {
    members: indices.flatMap((i) => members[i] ?? []),
    unlisted: members.length - indices.length,
  };
}

/**
 * The members frame text for each receiver of one fan-out. Entries are serialized once; while
 * the whole list fits, every receiver gets the same text.
 */
export function membersFrameTexts(roster: RoomRoster): (receiver: string) => string {
  const selection = new Selection(roster.members, MAX_FRAME_BYTES - MEMBERS_FRAME_OVERHEAD);
  const frame = (indices: number[]) =>
    `{"type":"members","members":[${indices.map((i) => selection.texts[i]).join(',')}],` +
    `"hostOnly":${roster.hostOnly},"unlisted":${roster.members.length - indices.length},` +
    `"letInOnly":${roster.letInOnly}}`;
  const shared = frame(selection.shared);
  if (selection.complete) return () => shared;
  return (receiver) => {
    const indices = selection.indicesFor(receiver);
    return indices === selection.shared ? shared : frame(indices);
  };
}
