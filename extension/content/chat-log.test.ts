import { describe, expect, it } from 'vitest';
import type { ChatMessage, MemberInfo } from '../../shared/protocol';
import {
  EMPTY_CHAT_LOG,
  MAX_CHAT_ENTRIES,
  chatLength,
  memberChanges,
  reduceChatLog,
  type ChatLog,
  type ChatLogAction,
} from './chat-log';

const message = (n: number, text = `hello ${n}`): ChatMessage => ({
  id: `${1000 + n}-0`,
  memberId: 'm1',
  name: 'Ana',
  text,
  at: 1000 + n,
});
const member = (id: string, name: string, host = false): MemberInfo => ({
  id,
  name,
  host,
  status: 'in_sync',
  error: null,
});
const run = (...actions: ChatLogAction[]): ChatLog => actions.reduce(reduceChatLog, EMPTY_CHAT_LOG);
const texts = (log: ChatLog) => log.entries.map((e) => e.text);

describe('reduceChatLog', () => {
  it('shows history then live messages, each once', () => {
    const log = run(
      { type: 'history', messages: [message(1), message(2)] },
      { type: 'message', message: message(2) },
      { type: 'message', message: message(3) },
      // A rejoin sends the history again, with one message missed meanwhile.
      { type: 'history', messages: [message(2), message(3), message(4)] },
    );
    expect(texts(log)).toEqual(['hello 1', 'hello 2', 'hello 3', 'hello 4']);
  });

  it('keeps the most recent entries only', () => {
    let log = EMPTY_CHAT_LOG;
    for (let n = 0; n < MAX_CHAT_ENTRIES + 50; n++)
      log = reduceChatLog(log, { type: 'message', message: message(n) });
    expect(log.entries).toHaveLength(MAX_CHAT_ENTRIES);
    expect(log.entries[0]?.text).toBe('hello 50');
    // A message dropped from memory is still the same id: never shown twice while kept.
    log = reduceChatLog(log, { type: 'message', message: message(MAX_CHAT_ENTRIES + 49) });
    expect(log.entries).toHaveLength(MAX_CHAT_ENTRIES);
  });

  it('says nothing about the member list found on joining', () => {
    const log = run({ type: 'members', members: [member('a', 'Ana', true)], at: 1 });
    expect(log.entries).toEqual([]);
  });

  it('adds system lines for joins, leaves, renames and host changes', () => {
    const log = run(
      { type: 'members', members: [member('a', 'Ana', true)], at: 1 },
      { type: 'members', members: [member('a', 'Ana', true), member('b', 'Ben')], at: 2 },
      { type: 'members', members: [member('a', 'Ana'), member('b', 'Ben', true)], at: 3 },
      { type: 'members', members: [member('a', 'Anna'), member('b', 'Ben', true)], at: 4 },
      { type: 'members', members: [member('b', 'Ben', true)], at: 5 },
    );
    expect(texts(log)).toEqual([
      'Ben joined',
      'Ben is now the host',
      'Ana is now called Anna',
      'Anna left',
    ]);
    expect(log.entries.every((e) => e.kind === 'system')).toBe(true);
    expect(new Set(log.entries.map((e) => e.id)).size).toBe(4);
  });

  it('does not announce anything for its own rejoin', () => {
    const log = run(
      { type: 'members', members: [member('a', 'Ana', true), member('b', 'Ben')], at: 1 },
      { type: 'rejoined' },
      { type: 'members', members: [member('a', 'Ana', true), member('b2', 'Ben')], at: 2 },
    );
    expect(log.entries).toEqual([]);
  });

  it('interleaves system lines with messages in arrival order', () => {
    const log = run(
      { type: 'members', members: [member('a', 'Ana', true)], at: 1 },
      { type: 'message', message: message(1) },
      { type: 'members', members: [member('a', 'Ana', true), member('b', 'Ben')], at: 2 },
      { type: 'message', message: message(2) },
    );
    expect(texts(log)).toEqual(['hello 1', 'Ben joined', 'hello 2']);
  });

  it('forgets everything on leaving', () => {
    const log = run({ type: 'message', message: message(1) }, { type: 'clear' });
    expect(log).toEqual(EMPTY_CHAT_LOG);
  });
});

describe('memberChanges', () => {
  it('does not announce the same host back on a new connection', () => {
    expect(memberChanges([member('a', 'Ana', true)], [member('a2', 'Ana', true)])).toEqual([
      'Ana left',
      'Ana joined',
    ]);
  });

  it('announces a host who takes over when the old one leaves', () => {
    expect(
      memberChanges([member('a', 'Ana', true), member('b', 'Ben')], [member('b', 'Ben', true)]),
    ).toEqual(['Ana left', 'Ben is now the host']);
  });

  it('keeps markup as plain text', () => {
    expect(memberChanges([], [member('x', '<b>x</b>')])).toEqual(['<b>x</b> joined']);
  });
});

describe('chatLength', () => {
  it('counts characters as people see them', () => {
    expect(chatLength('hello')).toBe(5);
    expect(chatLength('👍🏽❤️')).toBe(2);
    expect(chatLength('👨‍👩‍👧')).toBe(1);
  });
});
