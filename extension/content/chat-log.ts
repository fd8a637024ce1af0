/**
 * The overlay's chat as a pure reducer: the room's history and live messages, deduplicated by id
 * and capped in memory, with system lines ("Ana joined", "Ben left", "Ana is now the host")
 * derived by comparing successive member lists.
 * @module
 */
import type { ChatMessage, MemberInfo } from '../../shared/protocol';

/** The most lines the overlay keeps; older ones are dropped. */
export const MAX_CHAT_ENTRIES = 200;

export type ChatEntry =
  ({ kind: 'message' } & ChatMessage) | { kind: 'system'; id: string; text: string; at: number };

export interface ChatLog {
  entries: ChatEntry[];
  /** The member list last seen; null until the first one after a (re)join, which says nothing. */
  members: MemberInfo[] | null;
  /** Numbers the system lines, whose ids never collide with the relay's (`123-0`). */
  nextSystemId: number;
}

export type ChatLogAction =
  | { type: 'history'; messages: readonly ChatMessage[] }
  | { type: 'message'; message: ChatMessage }
  /** `at`: local wall-clock time (ms since the epoch) for the system lines it makes. */
  | { type: 'members'; members: readonly MemberInfo[]; at: number }
  /** A (re)join: the next member list is where the room is, not news. */
  | { type: 'rejoined' }
  /** The tab left the room. */
  | { type: 'clear' };

export const EMPTY_CHAT_LOG: ChatLog = { entries: [], members: null, nextSystemId: 1 };

function capped(entries: ChatEntry[]): ChatEntry[] {
  return entries.length > MAX_CHAT_ENTRIES ? entries.slice(-MAX_CHAT_ENTRIES) : entries;
}

function withMessages(log: ChatLog, messages: readonly ChatMessage[]): ChatLog {
  const seen = new Set(log.entries.filter((e) => e.kind === 'message').map((e) => e.id));
  const fresh: ChatEntry[] = [];
  for (const message of messages) {
    if (seen.has(message.id)) continue;
    seen.add(message.id);
    fresh.push({ kind: 'message', ...message });
  }
  if (fresh.length === 0) return log;
  return { ...log, entries: capped([...log.entries, ...fresh]) };
}

/** What changed between two member lists, as sentences, in the order they are best read. */
export function memberChanges(
  before: readonly MemberInfo[],
  after: readonly MemberInfo[],
): string[] {
  const beforeById = new Map(before.map((m) => [m.id, m]));
  const afterIds = new Set(after.map((m) => m.id));
  const lines: string[] = [];
  for (const m of before) if (!afterIds.has(m.id)) lines.push(`${m.name} left`);
  for (const m of after) {
    const was = beforeById.get(m.id);
    if (!was) lines.push(`${m.name} joined`);
    else if (was.name !== m.name) lines.push(`${was.name} is now called ${m.name}`);
  }
  const hostBefore = before.find((m) => m.host);
  const hostAfter = after.find((m) => m.host);
  // The same host coming back on a new connection is not news.
  const sameHostBack =
    hostBefore !== undefined &&
    hostAfter !== undefined &&
    !afterIds.has(hostBefore.id) &&
    hostBefore.name === hostAfter.name;
  if (hostAfter && hostAfter.id !== hostBefore?.id && !sameHostBack)
    lines.push(`${hostAfter.name} is now the host`);
  return lines;
}

export function reduceChatLog(log: ChatLog, action: ChatLogAction): ChatLog {
  switch (action.type) {
    case 'history':
      return withMessages(log, action.messages);
    case 'message':
      return withMessages(log, [action.message]);
    case 'members': {
      const members = [...action.members];
      if (log.members === null) return { ...log, members };
      const lines = memberChanges(log.members, members);
      let next = log.nextSystemId;
      const system: ChatEntry[] = lines.map((text) => ({
        kind: 'system',
        id: `system-${next++}`,
        text,
        at: action.at,
      }));
      return {
        entries: system.length ? capped([...log.entries, ...system]) : log.entries,
        members,
        nextSystemId: next,
      };
    }
    case 'rejoined':
      return { ...log, members: null };
    case 'clear':
      return EMPTY_CHAT_LOG;
  }
}

const graphemes =
  typeof Intl !== 'undefined' && 'Segmenter' in Intl
    ? new Intl.Segmenter(undefined, { granularity: 'grapheme' })
    : null;

/** A message's length as the relay counts it: characters as people see them. */
export function chatLength(text: string): number {
  return graphemes ? [...graphemes.segment(text)].length : [...text].length;
}
