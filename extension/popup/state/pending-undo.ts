/**
 * The latest delete that can still be undone, kept in `storage.local` so Undo survives closing
 * and reopening the popup within the relay's restore window.
 * @module
 */
import * as v from 'valibot';
import { browser } from 'wxt/browser';
import { EntityIdSchema, TimestampSchema } from '../../../shared/protocol';

/** The relay keeps deleted entries restorable this long. */
export const UNDO_WINDOW_MS = 10 * 60_000;

const KEY = 'pendingUndo';

const PendingUndoSchema = v.object({
  relayUrl: v.string(),
  kind: v.picklist(['video', 'playlist']),
  id: EntityIdSchema,
  title: v.string(),
  deletedAt: TimestampSchema,
});
export type PendingUndo = v.InferOutput<typeof PendingUndoSchema>;

export async function readPendingUndo(
  relayUrl: string,
  now = Date.now(),
): Promise<PendingUndo | null> {
  const parsed = v.safeParse(PendingUndoSchema, (await browser.storage.local.get(KEY))[KEY]);
  if (!parsed.success) return null;
  const pending = parsed.output;
  return pending.relayUrl === relayUrl && now - pending.deletedAt < UNDO_WINDOW_MS ? pending : null;
}

export async function writePendingUndo(pending: PendingUndo | null): Promise<void> {
  if (pending) await browser.storage.local.set({ [KEY]: pending });
  else await browser.storage.local.remove(KEY);
}
