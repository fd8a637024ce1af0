/**
 * What a script on youtube.com can and cannot do to We Watch, in real Chromium. It can put an
 * invite key in the page's URL (`location.hash = '#wewatch=KEY'`, or `pushState` plus a dispatched
 * `yt-navigate-finish`), but that only makes the overlay ask "Join the room for this video?": the
 * relay sees no member until the user clicks **Join room**, and **Not now** joins nothing. It
 * cannot read the invite key of the room the tab is in: the overlay's shadow root is closed,
 * while the accessibility tree (what a screen reader reads, and what `overlay-driver.ts` reads)
 * shows it.
 * @module
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { inviteLink } from '../../shared/invite-key';
import { overlay } from './support/overlay-driver';
import { startRoomSession, type RoomSession } from './support/room-session';

const VIDEO = 'aaaaaaaaaa1';
const MEDIA = { timeout: 10_000, interval: 50 };
const PROMPT = { role: 'dialog', name: 'Join the room for this video?' };
const JOIN = { role: 'button', name: 'Join room' };
const NOT_NOW = { role: 'button', name: 'Not now' };
const KEY_FIELD = { role: 'textbox', name: 'Room invite key' };

describe('invite links and page scripts ask before joining', () => {
  let session: RoomSession;
  let ben: Page;
  let key: string;
  const members = async () => (await session.memberIds(key)).length;

  /** The prompt shows, Join room arms, and still the relay sees only Ana and Ben sees no room. */
  async function askedButNotJoined(): Promise<void> {
    await overlay(ben).waitFor(PROMPT);
    expect(await overlay(ben).find(NOT_NOW)).not.toBeNull();
    // Join room arms after a second: time enough for a join that did not wait to show up.
    await overlay(ben).waitFor(JOIN, { enabled: true });
    expect(await members()).toBe(1);
    expect(await overlay(ben).find(KEY_FIELD)).toBeNull();
    // The key is taken out of the address bar once read.
    expect(ben.url()).not.toContain(key);
  }

  async function joinsOnClick(): Promise<number> {
    await overlay(ben).click(JOIN);
    const clicked = Date.now();
    await expect.poll(members, MEDIA).toBe(2);
    await expect.poll(() => overlay(ben).find(KEY_FIELD), MEDIA).not.toBeNull();
    expect(await overlay(ben).valueOf(KEY_FIELD.role, KEY_FIELD.name)).toBe(key);
    expect(await overlay(ben).find(PROMPT)).toBeNull();
    return Date.now() - clicked;
  }

  async function leave(): Promise<void> {
    await overlay(ben).click({ role: 'button', name: 'Leave room' });
    await expect.poll(members, MEDIA).toBe(1);
    await expect.poll(() => overlay(ben).text(), MEDIA).toBe('');
  }

  beforeAll(async () => {
    session = await startRoomSession(inject('redisUrl'), ['ana', 'ben']);
    const [anaPeer, benPeer] = session.peers;
    const ana = await anaPeer!.openYouTube(`/watch?v=${VIDEO}`, { tab: anaPeer!.youtubeTab });
    key = await session.startRoom(anaPeer!, ana);
    ben = await benPeer!.openYouTube(`/watch?v=${VIDEO}`, { tab: benPeer!.youtubeTab });
  });

  afterAll(async () => {
    await session?.close();
  });

  beforeEach(({ onTestFailed }) => {
    onTestFailed(() => {
      for (const peer of session.peers) console.log(`${peer.name} logs:\n${peer.logs.join('\n')}`);
    });
  });

  it('a page script setting #wewatch=KEY gets the prompt, and only Join room joins', async () => {
    expect(await members()).toBe(1);
    await ben.evaluate((key) => {
      location.hash = `#wewatch=${key}`;
    }, key);
    await overlay(ben).waitFor(PROMPT);
    // Not clickable at first: a click the page lured the user into a moment before misses.
    expect((await overlay(ben).waitFor(JOIN)).disabled).toBe(true);
    await askedButNotJoined();
    // A script's click (as if it held the button) is not the user's: nothing joins.
    await overlay(ben).scriptClick(JOIN);
    for (let i = 0; i < 5; i++) {
      expect(await members()).toBe(1);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(await overlay(ben).find(PROMPT)).not.toBeNull();
    console.log(`page-safety: Join room click → member of the room in ${await joinsOnClick()} ms`);
    await leave();
  });

  it('Not now joins nothing', async () => {
    await ben.evaluate((key) => {
      location.hash = `#wewatch=${key}`;
    }, key);
    await askedButNotJoined();
    await overlay(ben).click(NOT_NOW);
    await expect.poll(() => overlay(ben).find(PROMPT), MEDIA).toBeNull();
    for (let i = 0; i < 10; i++) {
      expect(await members()).toBe(1);
      expect(await overlay(ben).text()).toBe('');
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(ben.url()).not.toContain('wewatch');
  });

  it('a dispatched yt-navigate-finish with the key in the URL gets the prompt too', async () => {
    await ben.evaluate((key) => {
      // pushState fires no hashchange: only the event tells the extension to look.
      history.pushState(history.state, '', `${location.pathname}${location.search}#wewatch=${key}`);
      document.dispatchEvent(new CustomEvent('yt-navigate-finish'));
    }, key);
    await askedButNotJoined();
    await joinsOnClick();
    await leave();
  });

  it('an invite link opened in the address bar asks, and joins after one click', async () => {
    // From another page, so the link loads a new document (not a same-page fragment change).
    await ben.goto('about:blank');
    await ben.goto(inviteLink(VIDEO, key));
    await askedButNotJoined();
    console.log(`page-safety: invite link Join room → member in ${await joinsOnClick()} ms`);
    await leave();
  });

  it("the popup's Join joins without asking", async () => {
    await session.join(session.peers[1]!, ben, key);
    await expect.poll(members, MEDIA).toBe(2);
    await expect.poll(() => overlay(ben).find(KEY_FIELD), MEDIA).not.toBeNull();
    expect(await overlay(ben).find(PROMPT)).toBeNull();
  });

  it('the page cannot read the invite key from the overlay; the accessibility tree can', async () => {
    expect(await overlay(ben).valueOf(KEY_FIELD.role, KEY_FIELD.name)).toBe(key);
    const page = await ben.evaluate((key) => {
      const host = document.querySelector('we-watch-overlay');
      // Everything a script can reach: the markup, the text, every element's value and every
      // open shadow root.
      const seen = [document.documentElement.outerHTML, document.body.innerText, location.href];
      const visit = (root: Document | ShadowRoot) => {
        for (const element of root.querySelectorAll('*')) {
          if ('value' in element) seen.push(String(element.value));
          if (element.shadowRoot) {
            seen.push(element.shadowRoot.innerHTML);
            visit(element.shadowRoot);
          }
        }
      };
      visit(document);
      return {
        host: host !== null,
        shadowRoot: host?.shadowRoot ?? null,
        leaks: seen.filter((text) => text.includes(key)).length,
      };
    }, key);
    expect(page).toEqual({ host: true, shadowRoot: null, leaks: 0 });
  });
});
