/**
 * The latest delete that can still be undone, kept in `storage.local` so Undo survives closing
 * and reopening the popup within the relay's restore window. A WXT storage item at version 1
 * (the shape released versions stored under `pendingUndo`).
 * @module
 */
import * as v from 'valibot';
import { storage } from 'wxt/utils/storage';
import { EntityIdSchema, TimestampSchema } from '../../../shared/protocol';

/** The relay keeps deleted entries restorable this long. */
export const UNDO_WINDOW_MS = 10 * 60_000;

const PendingUndoSchema = v.object({
  relayUrl: v.string(),
  kind: v.picklist(['video', 'playlist']),
  id: EntityIdSchema,
  title: v.string(),
  deletedAt: TimestampSchema,
});
export type PendingUndo = v.InferOutput<typeof PendingUndoSchema>;

const pendingUndoItem = storage.defineItem<PendingUndo>('local:pendingUndo', { version: 1 });

export async function readPendingUndo(
  relayUrl: string,
  now = Date.now(),
): Promise<PendingUndo | null> {
  const parsed = v.safeParse(PendingUndoSchema, await pendingUndoItem.getValue());
  if (!parsed.success) return null;
  const pending = parsed.output;
  return pending.relayUrl === relayUrl && now - pending.deletedAt < UNDO_WINDOW_MS ? pending : null;
}

export async function writePendingUndo(pending: PendingUndo | null): Promise<void> {
  if (pending) await pendingUndoItem.setValue(pending);
  else await pendingUndoItem.removeValue();
}
