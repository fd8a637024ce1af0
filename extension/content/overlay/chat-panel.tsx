/**
 * The overlay's chat: the room's messages and who came and went, as a live log, and a "Message"
 * field (Enter sends, Shift+Enter starts a new line). Everything other members wrote is rendered
 * as text: links stay plain text and nothing is ever loaded from a message.
 * @module
 */
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { chatRoomLeft } from '../chat-limit';
import type { ChatLog } from '../chat-log';

export const SLOW_DOWN_TEXT = 'Slow down: you are sending messages too fast';
export const TOO_LONG_TEXT = 'That message is too long to send';

const TIME = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' });

export function ChatPanel(props: {
  log: ChatLog;
  memberId: string | null;
  /** Set while the relay refuses messages for being too fast; a new key each time. */
  slowDown: number | null;
  /** Set when the relay refused a message for its length; a new key each time. */
  tooLong: number | null;
  onSend: (text: string) => void;
}) {
  const { log, memberId, slowDown, tooLong: refusedTooLong } = props;
  const [draft, setDraft] = useState('');
  const lastSent = useRef<string | null>(null);
  const list = useRef<HTMLOListElement>(null);
  const pinned = useRef(true);

  // Follow new lines unless the user scrolled up to read.
  useLayoutEffect(() => {
    const el = list.current;
    if (el && pinned.current) el.scrollTop = el.scrollHeight;
  }, [log.entries]);

  // A refused message comes back into the field rather than being lost.
  useEffect(() => {
    const refused = slowDown !== null || refusedTooLong !== null;
    if (refused && lastSent.current && draft === '') setDraft(lastSent.current);
    lastSent.current = null;
  }, [slowDown, refusedTooLong]);

  const text = draft.trim();
  const { tooLong, counter } = chatRoomLeft(text);
  const send = () => {
    if (!text || tooLong) return;
    props.onSend(text);
    lastSent.current = text;
    setDraft('');
  };

  return (
    <section class="chat" aria-label="Chat">
      <ol
        class="chat-log"
        role="log"
        aria-label="Chat messages"
        tabIndex={0}
        ref={list}
        onScroll={(e) => {
          const el = e.currentTarget;
          pinned.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
        }}
      >
        {log.entries.length === 0 && <li class="system">No messages yet. Say hello!</li>}
        {log.entries.map((entry) =>
          entry.kind === 'system' ? (
            <li key={entry.id} class="system">
              {entry.text}
            </li>
          ) : (
            <li key={entry.id} class={entry.memberId === memberId ? 'mine' : undefined}>
              <span class="who">{entry.name}</span>{' '}
              <time dateTime={new Date(entry.at).toISOString()}>
                {TIME.format(new Date(entry.at))}
              </time>
              <span class="text">{entry.text}</span>
            </li>
          ),
        )}
      </ol>
      {slowDown !== null && (
        <p class="notice" role="alert">
          {SLOW_DOWN_TEXT}
        </p>
      )}
      {refusedTooLong !== null && (
        <p class="notice" role="alert">
          {TOO_LONG_TEXT}
        </p>
      )}
      <form
        class="chat-form"
        onSubmit={(event) => {
          event.preventDefault();
          send();
        }}
      >
        <label class="visually-hidden" for="we-watch-message">
          Message
        </label>
        <textarea
          id="we-watch-message"
          rows={2}
          value={draft}
          placeholder="Say something…"
          aria-describedby="we-watch-message-count"
          aria-invalid={tooLong}
          onInput={(e) => setDraft(e.currentTarget.value)}
          onKeyDown={(event) => {
            if (event.key === 'Enter' && !event.shiftKey && !event.isComposing) {
              event.preventDefault();
              send();
            }
          }}
        />
        <button type="submit" class="primary" disabled={!text || tooLong}>
          Send
        </button>
      </form>
      <span
        id="we-watch-message-count"
        class={`counter${tooLong ? ' over' : ''}`}
        aria-live="polite"
      >
        {counter}
      </span>
    </section>
  );
}
