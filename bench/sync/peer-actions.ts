/**
 * What the sync benchmark does in a peer's browser, the way a user would: the script's steps on
 * the player, and the popup for settings and rooms.
 * @module
 */
import type { Page } from 'playwright-core';
import type { Peer } from '../../test/e2e/support/browser';
import { openToolbarPopup, type PopupDriver } from '../../test/e2e/support/popup';
import { waitUntil } from '../common/deadline';
import { act, wallNow } from './frame-recorder';
import type { PeerSite } from './peer-site';
import type { Actor, ScriptStep } from './session-script';

export function actorIndex(actor: Actor, peers: number): number {
  return actor === 'last' ? peers - 1 : actor;
}

/** Performs one step the way a user would: a click on the player's controls, then the change. */
export async function perform(
  step: ScriptStep,
  tabs: Page[],
  sites: PeerSite[],
  peers: number,
): Promise<{ wall: number; from: number; to: number }> {
  const tab = tabs[actorIndex(step.by, peers)]!;
  if (step.kind === 'ad') {
    const wall = wallNow();
    const from = await tab.evaluate(() => document.querySelector('video')?.currentTime ?? 0);
    // Resolves when the ad ends; the script goes on meanwhile.
    tab.evaluate((ms) => window.fakeYouTube.startMidRoll([{ ms }]), step.ms).catch(() => undefined);
    return { wall, from, to: from };
  }
  if (step.kind === 'stillWatching') {
    const wall = wallNow();
    const from = await tab.evaluate(() => document.querySelector('video')?.currentTime ?? 0);
    const asked = await tab.evaluate(() => window.fakeYouTube.askStillWatching());
    if (!asked)
      throw new Error('YouTube did not ask "Continue watching?": the video was not playing');
    return { wall, from, to: from };
  }
  if (step.kind === 'stall') {
    sites[actorIndex(step.by, peers)]!.holdMedia(step.ms);
    const seeker = tabs[actorIndex(step.seeker, peers)]!;
    await clickPlayerControls(seeker);
    return act(seeker, { kind: 'seekBy', seconds: step.seekBy });
  }
  await clickPlayerControls(tab);
  switch (step.kind) {
    case 'pause':
      return act(tab, { kind: 'pause' });
    case 'play':
      return act(tab, { kind: 'play' });
    case 'seekBy':
      return act(tab, { kind: 'seekBy', seconds: step.seconds });
    case 'rate':
      return act(tab, { kind: 'rate', rate: step.rate });
  }
}

/** A trusted click where YouTube's control bar is; on the fake page it changes nothing itself. */
async function clickPlayerControls(tab: Page): Promise<void> {
  const box = await tab.locator('#movie_player').boundingBox();
  if (box) await tab.mouse.click(box.x + box.width - 20, box.y + box.height - 12);
}

export async function setRelayUrl(peer: Peer, tab: Page, url: string): Promise<void> {
  await withPopup(peer, tab, async (popup) => {
    await popup.fill('Relay URL', url);
    await popup.click('button', 'Save relay URL');
    await waitUntil(
      `${peer.name}: the popup keeping Relay URL ${url}`,
      10_000,
      async () =>
        (await popup.valueOf('textbox', 'Relay URL')) === url &&
        (await popup.isDisabled('button', 'Save relay URL')),
    );
  });
}

export async function withPopup<T>(
  peer: Peer,
  tab: Page,
  use: (popup: PopupDriver) => Promise<T>,
): Promise<T> {
  await tab.bringToFront();
  const popup = await openToolbarPopup(peer, tab);
  try {
    return await use(popup);
  } finally {
    await popup.close();
  }
}
