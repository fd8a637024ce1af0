/**
 * Which tab is in which room, kept in `storage.session` so a restarted service worker (Chrome
 * stops idle ones) rejoins by itself, and forgotten when the browser closes.
 * @module
 */
import * as v from 'valibot';
import { browser } from 'wxt/browser';
import { RoomInfoSchema } from '../common/tab-messages';
import { PlayerSnapshotSchema } from '../../shared/protocol';

const STORAGE_KEY = 'tabRooms';

const TabRoomSchema = v.object({
  info: RoomInfoSchema,
  /** The creator's player, offered to the relay until the room exists. */
  initial: v.optional(PlayerSnapshotSchema),
});
export type TabRoom = v.InferOutput<typeof TabRoomSchema>;

const StoredSchema = v.record(v.string(), TabRoomSchema);

/** One per background start: storage is read once, then kept in step from memory. */
export class TabRoomStore {
  #rooms: Promise<Map<number, TabRoom>> | null = null;

  #load(): Promise<Map<number, TabRoom>> {
    this.#rooms ??= browser.storage.session.get(STORAGE_KEY).then((stored) => {
      const parsed = v.safeParse(StoredSchema, stored[STORAGE_KEY] ?? {});
      const entries = parsed.success ? Object.entries(parsed.output) : [];
      return new Map(entries.map(([tabId, room]) => [Number(tabId), room]));
    });
    return this.#rooms;
  }

  async #save(rooms: Map<number, TabRoom>): Promise<void> {
    await browser.storage.session.set({ [STORAGE_KEY]: Object.fromEntries(rooms) });
  }

  async get(tabId: number): Promise<TabRoom | undefined> {
    return (await this.#load()).get(tabId);
  }

  async set(tabId: number, room: TabRoom): Promise<void> {
    const rooms = await this.#load();
    rooms.set(tabId, room);
    await this.#save(rooms);
  }

  async delete(tabId: number): Promise<void> {
    const rooms = await this.#load();
    if (rooms.delete(tabId)) await this.#save(rooms);
  }
}
