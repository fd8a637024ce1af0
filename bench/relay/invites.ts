/**
 * The rooms of `bench:relay`, made through the relay's API as users make them: one saved video
 * per room, whose invite key the load joins.
 * @module
 */
import { newSession, saveVideo, type ApiTarget } from '../../test/support/api';

/** Videos one benchmark user saves (the library holds 5000). */
const VIDEOS_PER_USER = 4000;
/** Requests in flight at once. */
const WORKERS = 16;

/** Creates one invite key per room through the relay's API: a saved video per room. */
export async function createInvites(relay: ApiTarget, rooms: number): Promise<string[]> {
  const sessions: string[] = [];
  for (let user = 0; user * VIDEOS_PER_USER < rooms; user++) {
    sessions.push((await newSession(relay)).session);
  }
  const keys = new Array<string>(rooms);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < rooms) {
      const n = next++;
      const video = await saveVideo(relay, sessions[Math.floor(n / VIDEOS_PER_USER)]!, {
        youtubeId: `bench${String(n).padStart(6, '0')}`,
        title: `Bench room ${n + 1}`,
      });
      keys[n] = video.inviteKey;
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, worker));
  return keys;
}
