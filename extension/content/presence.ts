/**
 * Who is in the room as the overlay shows it: names, "(you)", the host, each member's sync status
 * in words, and whether this member may control playback under "Only host controls".
 * @module
 */
import type { MemberInfo, MemberStatus } from '../../shared/protocol';

export const MEMBER_STATUS_TEXT: Record<MemberStatus, string> = {
  in_sync: 'In sync',
  syncing: 'Syncing',
  buffering: 'Buffering',
  ad: 'Watching an ad',
  away: 'Away',
  blocked: 'Needs a click',
  unavailable: "Can't play this video",
};

export interface MemberRow {
  id: string;
  name: string;
  you: boolean;
  host: boolean;
  status: MemberStatus;
  statusText: string;
}

export interface Presence {
  rows: MemberRow[];
  me: MemberRow | null;
  host: MemberRow | null;
  /** This member is the host: the host controls show. */
  amHost: boolean;
  /** "Only host controls" is on. */
  hostOnly: boolean;
  /** Whether this member's play, pause and seek reach the room. */
  canControl: boolean;
}

export function presence(
  members: readonly MemberInfo[],
  memberId: string | null,
  hostOnly: boolean,
): Presence {
  const rows = members.map((m) => ({
    id: m.id,
    name: m.name,
    you: m.id === memberId,
    host: m.host,
    status: m.status,
    statusText: MEMBER_STATUS_TEXT[m.status],
  }));
  const me = rows.find((r) => r.you) ?? null;
  const amHost = me?.host ?? false;
  return {
    rows,
    me,
    host: rows.find((r) => r.host) ?? null,
    amHost,
    hostOnly,
    canControl: !hostOnly || amHost,
  };
}
