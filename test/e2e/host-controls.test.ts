/**
 * "Only people I let in" in real Chromium, as people use it: the host turns the switch on in the
 * overlay, a friend who joins by invite key waits with "Waiting for the host to let you in" and is
 * nobody's member yet, the host sees them with **Let in** and **Deny**; let in, they join and land
 * in sync; a stranger the host denies is told so and never joins.
 * @module
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import type { Peer } from './support/browser';
import { overlay } from './support/overlay-driver';
import { positionGap, sampleVideo } from './support/player-probe';
import type { PopupDriver } from './support/popup';
import { startRoomSession, type RoomSession } from './support/room-session';

const VIDEO = 'aaaaaaaaaa1';
const MEDIA = { timeout: 10_000, interval: 50 };
const IN_SYNC_S = 0.3;
const LET_IN_ONLY = { role: 'switch', name: 'Only people I let in' };
const MEMBERS = { role: 'list', name: 'Members' };
const KEY_FIELD = { role: 'textbox', name: 'Room invite key' };
const WAITING = 'Waiting for the host to let you in';
const button = (name: string, of?: string) => ({
  role: 'button',
  name,
  ...(of ? { description: new RegExp(`^${of}$`) } : {}),
});

describe('the host lets people in, or not', () => {
  let session: RoomSession;
  let ana: Page;
  let key: string;
  const members = async () => (await session.memberIds(key)).length;
  /** The Members list as the overlay shows it, one line per run of text. */
  const roster = async (tab: Page) => (await overlay(tab).text(MEMBERS)).split('\n');

  /**
   * The popup lays out the tab's part once the background answers, moving everything below it:
   * a click aimed a moment before could land beside its button.
   */
  const settled = (popup: PopupDriver) =>
    popup.waitForText(/Start room saves this video|In a room/);

  async function nickname(peer: Peer, name: string): Promise<void> {
    await session.withPopup(peer, peer.youtubeTab!, async (popup) => {
      await settled(popup);
      await popup.fill('Nickname', name);
      await popup.click('button', 'Save nickname');
      await popup.waitForText('Nickname saved');
    });
  }

  /** Joins by invite key from the popup and waits until the popup says the host is asked. */
  async function knock(peer: Peer): Promise<Page> {
    const tab = peer.youtubeTab!;
    await session.withPopup(peer, tab, async (popup) => {
      await settled(popup);
      await popup.fill('Invite key', key);
      await popup.click('button', 'Join');
      await popup.waitForText(/waiting for the host to let you in/);
    });
    await expect.poll(() => overlay(tab).text(), MEDIA).toContain(WAITING);
    return tab;
  }

  beforeAll(async () => {
    session = await startRoomSession(inject('redisUrl'), ['ana', 'ben']);
    const [anaPeer, benPeer] = session.peers as [Peer, Peer];
    ana = await anaPeer.openYouTube(`/watch?v=${VIDEO}`, { tab: anaPeer.youtubeTab });
    await nickname(anaPeer, 'Ana');
    await nickname(benPeer, 'Ben');
    key = await session.startRoom(anaPeer, ana);
  });

  afterAll(async () => {
    await session?.close();
  });

  beforeEach(({ onTestFailed }) => {
    onTestFailed(() => {
      for (const peer of session.peers) console.log(`${peer.name} logs:\n${peer.logs.join('\n')}`);
    });
  });

  it('the host turns on Only people I let in from the overlay', async () => {
    expect((await overlay(ana).waitFor(LET_IN_ONLY)).checked).toBe(false);
    await overlay(ana).click(LET_IN_ONLY);
    await expect
      .poll(async () => (await overlay(ana).find(LET_IN_ONLY))?.checked, MEDIA)
      .toBe(true);
  });

  let ben: Page;

  it('a friend who joins by invite key waits, and the host sees Let in and Deny', async () => {
    ben = await knock(session.peers[1]!);
    // Waiting is not being in: no room, no members list, no invite key for Ben, one member.
    expect(await overlay(ben).find(MEMBERS)).toBeNull();
    expect(await overlay(ben).find(KEY_FIELD)).toBeNull();
    expect(await members()).toBe(1);
    await overlay(ana).waitFor(button('Let in', 'Ben'));
    expect(await overlay(ana).find(button('Deny', 'Ben'))).not.toBeNull();
    // Listed as waiting, not as a member the host could remove or hand the host to.
    const lines = await roster(ana);
    expect(lines[0]).toBe('Ana (you)');
    expect(lines.slice(lines.indexOf('Ben'))).toEqual([
      'Ben',
      'Waiting to be let in',
      'Let in',
      'Deny',
    ]);
    expect(await overlay(ana).find(button('Remove', 'Ben'))).toBeNull();
  });

  it('Let in: the friend joins, lands in sync, and both lists show both', async () => {
    const clicked = Date.now();
    await overlay(ana).click(button('Let in', 'Ben'));
    await expect.poll(() => overlay(ben).find(KEY_FIELD), MEDIA).not.toBeNull();
    expect(await overlay(ben).valueOf(KEY_FIELD.role, KEY_FIELD.name)).toBe(key);
    expect(await overlay(ben).text()).not.toContain(WAITING);
    await expect.poll(members, MEDIA).toBe(2);
    await expect
      .poll(async () => {
        const [a, b] = [await sampleVideo(ana), await sampleVideo(ben)];
        return !a.paused && !b.paused && Math.abs(await positionGap(ana, ben)) < IN_SYNC_S;
      }, MEDIA)
      .toBe(true);
    console.log(`host-controls: Let in → in sync in ${Date.now() - clicked} ms`);
    await expect
      .poll(() => roster(ana), MEDIA)
      .toEqual(expect.arrayContaining(['Ana (you)', 'Ben']));
    await expect
      .poll(() => roster(ben), MEDIA)
      .toEqual(expect.arrayContaining(['Ana', 'Ben (you)']));
    expect(await overlay(ana).names('listitem', MEMBERS)).toHaveLength(2);
    expect(await overlay(ben).names('listitem', MEMBERS)).toHaveLength(2);
    expect(await overlay(ana).find(button('Let in', 'Ben'))).toBeNull();
    expect(await overlay(ana).find(button('Remove', 'Ben'))).not.toBeNull();
  });

  it('Deny: a stranger is told they were not let in and never joins', async () => {
    // At most two browsers at once: Ben goes home before Cal comes.
    await session.peers[1]!.close();
    await expect.poll(members, { ...MEDIA, timeout: 20_000 }).toBe(1);
    const calPeer = await session.addPeer('cal');
    await nickname(calPeer, 'Cal');
    let cal = await knock(calPeer);
    // Giving up while waiting leaves nothing behind, on either side.
    await overlay(ana).waitFor(button('Deny', 'Cal'));
    await overlay(cal).click(button('Leave room'));
    await expect.poll(() => overlay(cal).text(), MEDIA).toBe('');
    await expect.poll(() => overlay(ana).find(button('Deny', 'Cal')), MEDIA).toBeNull();
    cal = await knock(calPeer);
    expect(await members()).toBe(1);
    await overlay(ana).click(button('Deny', 'Cal'));
    await expect.poll(() => overlay(cal).text(), MEDIA).toContain('The host did not let you in');
    expect(await overlay(cal).text()).not.toContain(WAITING);
    expect(await overlay(cal).find(KEY_FIELD)).toBeNull();
    await expect.poll(() => overlay(ana).find(button('Deny', 'Cal')), MEDIA).toBeNull();
    expect(await overlay(ana).names('listitem', MEMBERS)).toHaveLength(1);
    expect((await roster(ana)).join('\n')).not.toContain('Cal');
    expect(await members()).toBe(1);
    await session.withPopup(calPeer, cal, async (popup) => {
      expect(await popup.text()).not.toMatch(/In a room watching/);
    });
  });
});
