/**
 * Reordering a playlist's items, by keyboard (one step) or by drag and drop (anywhere). The
 * result is what the relay receives in full.
 * @module
 */

/** `items` with the one at `from` moved to index `to` (clamped); the same array if nothing moves. */
export function moveItem<T>(items: readonly T[], from: number, to: number): readonly T[] {
  const target = Math.min(items.length - 1, Math.max(0, to));
  if (from < 0 || from >= items.length || from === target) return items;
  const next = items.slice();
  const [moved] = next.splice(from, 1) as [T];
  next.splice(target, 0, moved);
  return next;
}
