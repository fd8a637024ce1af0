/**
 * `undoable-delete.ts` for the popup's components: Undo is offered again for a delete made the
 * last time the popup was open, once the relay URL is known.
 * @module
 */
import { useEffect, useMemo } from 'preact/hooks';
import type { Notice } from './notice';
import type { LibraryModel } from './use-library';
import { undoableDelete, type DeletedKind } from './undoable-delete';

export function useUndoableDelete(
  model: LibraryModel,
  notify: (notice: Notice | null) => void,
): (kind: DeletedKind, id: number, title: string) => Promise<void> {
  const { relayUrl, act, change, refresh } = model;
  const deletes = useMemo(
    () => undoableDelete(relayUrl, { act, change, refresh }, notify),
    [relayUrl, act, change, refresh, notify],
  );

  useEffect(() => {
    void deletes.offerPending();
  }, [relayUrl]);

  return deletes.remove;
}
