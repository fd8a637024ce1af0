import { describe, expect, it } from 'vitest';
import { CloseCode } from '../../shared/protocol';
import type { RunningRelay } from '../../server/relay-server';
import { api, createPlaylist, newSession, newVideo, saveVideo, youtubeId } from '../support/api';
import { TestClient, testScope } from './harness';

const { cleanups, relayWith } = testScope();

async function join(relay: RunningRelay, key: string) {
  const joined = await TestClient.join(relay, key);
  cleanups.push(() => joined.client.close());
  return joined;
}

/** A playlist of three videos; returns its key, the owner's session and the playlist. */
async function threeVideoPlaylist(relay: RunningRelay) {
  const { session } = await newSession(relay);
  const videos = [];
  for (let n = 1; n <= 3; n++)
    videos.push(await saveVideo(relay, session, { youtubeId: youtubeId(n), title: `Part ${n}` }));
  const playlist = await createPlaylist(
    relay,
    session,
    'Series',
    videos.map((video) => video.id),
  );
  return { session, playlist };
}

describe('a playlist room', () => {
  it('starts on the first entry and tells joiners what is playing', async () => {
    const relay = await relayWith();
    const { playlist } = await threeVideoPlaylist(relay);
    const { welcome } = await join(relay, playlist.inviteKey);
    expect(welcome.state).toMatchObject({ item: 0, videoId: youtubeId(1), playing: false });
    expect(welcome.video).toEqual({ youtubeId: youtubeId(1), title: 'Part 1' });
  });

  it('moves once when several members ask to leave the same entry, holding for everyone', async () => {
    const relay = await relayWith();
    const { playlist } = await threeVideoPlaylist(relay);
    const a = await join(relay, playlist.inviteKey);
    const b = await join(relay, playlist.inviteKey);
    await a.client.next('members');
    // Both reach the end of entry 0 at once.
    a.client.send({ type: 'queue', from: 0, to: 1 });
    b.client.send({ type: 'queue', from: 0, to: 1 });
    const { state } = await a.client.next('state');
    expect(state).toMatchObject({ item: 1, videoId: youtubeId(2), position: 0, playing: true });
    expect(state.hold).toMatchObject({ reason: 'load', id: state.rev });
    expect(new Set(state.hold?.waitingFor)).toEqual(
      new Set([a.welcome.memberId, b.welcome.memberId]),
    );
    expect((await b.client.next('state')).state).toEqual(state);
    // The second request named an entry the room had left: nothing more was published.
    await b.client.barrier();
    await a.client.barrier();
    expect(a.client.unread('state')).toEqual([]);

    // Everyone loaded it: the room starts again, playing from 0.
    a.client.send({ type: 'ready', holdId: state.hold!.id });
    b.client.send({ type: 'ready', holdId: state.hold!.id });
    await a.client.next('state');
    const released = (await a.client.next('state')).state;
    expect(released).toMatchObject({ item: 1, hold: null, playing: true, position: 0 });
  });

  it('lets a member pick any entry, and goes on without a member who never loads it', async () => {
    const relay = await relayWith({ LOAD_HOLD_CAP_MS: '300' });
    const { playlist } = await threeVideoPlaylist(relay);
    const a = await join(relay, playlist.inviteKey);
    a.client.send({ type: 'queue', from: 0, to: 2 });
    const { state } = await a.client.next('state');
    expect(state).toMatchObject({ item: 2, videoId: youtubeId(3) });
    const released = (await a.client.next('state')).state;
    expect(released).toMatchObject({ item: 2, hold: null, playing: true });
  });

  it('follows the playlist as it is now, and says so when the entry is gone', async () => {
    const relay = await relayWith();
    const { session, playlist } = await threeVideoPlaylist(relay);
    const a = await join(relay, playlist.inviteKey);
    const removed = await api(relay, `/api/playlists/${playlist.id}/items/${playlist.items[2]}`, {
      method: 'DELETE',
      session,
    });
    expect(removed.status).toBe(200);
    a.client.send({ type: 'queue', from: 0, to: 2 });
    expect(await a.client.next('error')).toEqual({ type: 'error', code: 'no_entry' });
    a.client.send({ type: 'queue', from: 0, to: 1 });
    expect((await a.client.next('state')).state).toMatchObject({ item: 1 });
  });

  it('keeps "next" meaning next when entries before the one playing go away', async () => {
    const relay = await relayWith({ LOAD_HOLD_CAP_MS: '100' });
    const { session, playlist } = await threeVideoPlaylist(relay);
    const a = await join(relay, playlist.inviteKey);
    a.client.send({ type: 'queue', from: 0, to: 1 });
    expect((await a.client.next('state')).state).toMatchObject({ item: 1, videoId: youtubeId(2) });
    await a.client.next('state'); // the load hold runs out
    const removed = await api(relay, `/api/playlists/${playlist.id}/items/${playlist.items[0]}`, {
      method: 'DELETE',
      session,
    });
    expect(removed.status).toBe(200);
    // Part 2 ends: the member still counts it as entry 1, the playlist now as entry 0.
    a.client.send({ type: 'queue', from: 1, to: 2 });
    expect((await a.client.next('state')).state).toMatchObject({ item: 1, videoId: youtubeId(3) });
    await a.client.next('state');
    // The last video ends: there is no next one, and that is no error.
    a.client.send({ type: 'queue', from: 1, to: 2 });
    // A move to an entry that was never there is refused: once that answer is back, the move
    // before it has been decided, and the barrier brings whatever it published.
    a.client.send({ type: 'queue', from: 1, to: 5 });
    expect(await a.client.next('error')).toEqual({ type: 'error', code: 'no_entry' });
    await a.client.barrier();
    expect(a.client.unread('state')).toEqual([]);
    expect(a.client.unread('error')).toEqual([]);
  });

  it('refuses queue moves in a one-video room', async () => {
    const relay = await relayWith();
    const video = await newVideo(relay);
    const a = await join(relay, video.inviteKey);
    expect(a.welcome.state.item).toBeNull();
    a.client.send({ type: 'queue', from: 0, to: 1 });
    expect(await a.client.next('error')).toEqual({ type: 'error', code: 'not_playlist' });
  });

  it('turns joiners away from an empty playlist with a reason', async () => {
    const relay = await relayWith();
    const { session } = await newSession(relay);
    const playlist = await createPlaylist(relay, session, 'Nothing yet');
    const client = await TestClient.connect(relay);
    cleanups.push(() => client.close());
    client.send({ type: 'hello', v: 1, key: playlist.inviteKey });
    expect(await client.next('error')).toEqual({ type: 'error', code: 'playlist_empty' });
    expect((await client.closed).code).toBe(CloseCode.ROOM_NOT_FOUND);
  });
});
