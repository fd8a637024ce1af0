import * as v from 'valibot';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MAX_FRAME_BYTES, MembersSchema, type MemberInfo } from '../../shared/protocol';
import { listFor, membersFrameTexts } from './members-frames';

afterEach(() => {
  vi.restoreAllMocks();
});

/** `count` members with the longest names JSON can make of 40 characters; the host in the middle. */
function crowd(count: number, name = '\u0001'.repeat(40)): MemberInfo[] {
  return Array.from({ length: count }, (_, i) => ({
    id: i.toString(16).padStart(32, '0'),
    name,
    host: i === Math.floor(count / 2),
    status: 'buffering' as const,
    error: -12345.678,
  }));
}

describe('membersFrameTexts', () => {
  it('serializes each entry once and sends every receiver the same text while the list fits', () => {
    const members = crowd(10, 'Ana');
    const stringify = vi.spyOn(JSON, 'stringify');
    const textFor = membersFrameTexts({ members, hostOnly: true, letInOnly: false });
    const texts = members.map((m) => textFor(m.id));
    expect(stringify).toHaveBeenCalledTimes(members.length);
    expect(new Set(texts).size).toBe(1);
    expect(v.parse(MembersSchema, JSON.parse(texts[0] ?? ''))).toEqual({
      type: 'members',
      members,
      hostOnly: true,
      unlisted: 0,
      letInOnly: false,
    });
  });

  it('cuts a long list to one frame, keeping the host and the receiver', () => {
    const members = crowd(200);
    const textFor = membersFrameTexts({ members, hostOnly: false, letInOnly: true });
    const host = members.find((m) => m.host)?.id;
    for (const receiver of members) {
      const text = textFor(receiver.id);
      expect(Buffer.byteLength(text)).toBeLessThanOrEqual(MAX_FRAME_BYTES);
      const frame = v.parse(MembersSchema, JSON.parse(text));
      const ids = frame.members.map((m) => m.id);
      expect(ids).toContain(receiver.id);
      expect(ids).toContain(host);
      expect(frame.members.length + frame.unlisted).toBe(200);
    }
  });
});

describe('listFor', () => {
  it('keeps the host and the receiver within the budget left by the rest of a welcome', () => {
    const members = crowd(64);
    const last = members.at(-1)?.id ?? '';
    const listed = listFor(members, last, 1000);
    const ids = listed.members.map((m) => m.id);
    expect(ids).toContain(last);
    expect(listed.members.filter((m) => m.host)).toHaveLength(1);
    expect(Buffer.byteLength(JSON.stringify(listed.members))).toBeLessThanOrEqual(1000);
    expect(listed.unlisted).toBe(64 - listed.members.length);
  });
});
