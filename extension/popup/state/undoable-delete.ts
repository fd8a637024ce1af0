/**
 * Deleting a video or playlist: it leaves the list at once, the relay is told, and the status bar
 * offers Undo (the relay keeps it restorable for a while). The pending undo is kept in storage,
 * so reopening the popup within that window still offers it.
 * @module
 */
import type { Library } from '../../../shared/protocol';
import type { Notice } from './notice';
import { readPendingUndo, writePendingUndo, type PendingUndo } from './pending-undo';
import { deleteVideo, restoreVideo } from '../../common/relay-library-api';
import { deletePlaylist, restorePlaylist } from '../../common/relay-playlist-api';
import { withPlaylist, withVideo, withoutPlaylist, withoutVideo } from './library-update';
import type { LibraryActions } from './library-store';

export type DeletedKind = PendingUndo['kind'];

export interface UndoableDelete {
  /** Deletes an entry of the library on `relayUrl`. */
  remove: (kind: DeletedKind, id: number, title: string) => Promise<void>;
  /** Offers Undo again for a delete made the last time the popup was open, if it still can be. */
  offerPending: () => Promise<void>;
}

export function undoableDelete(
  relayUrl: string | null,
  model: LibraryActions,
  notify: (notice: Notice | null) => void,
): UndoableDelete {
  const { act, change, refresh } = model;

  const undo = async (pending: PendingUndo) => {
    const outcome =
      pending.kind === 'video'
        ? await act((url, session) => restoreVideo(url, session, pending.id), withVideo)
        : await act((url, session) => restorePlaylist(url, session, pending.id), withPlaylist);
    if (!outcome.ok) {
      notify({ tone: 'error', message: outcome.error });
      if (outcome.kind !== 'unreachable') await writePendingUndo(null);
      return;
    }
    await writePendingUndo(null);
    notify({ tone: 'info', message: `Restored “${pending.title}”.` });
    // A restored video may be back in playlists too.
    if (pending.kind === 'video') await refresh();
  };

  const offer = (pending: PendingUndo) =>
    notify({
      tone: 'info',
      message: `Deleted “${pending.title}”.`,
      undo: () => void undo(pending),
    });

  return {
    async offerPending() {
      if (!relayUrl) return;
      const pending = await readPendingUndo(relayUrl);
      if (pending) offer(pending);
    },

    async remove(kind, id, title) {
      if (!relayUrl) return;
      const kept: { library?: Library } = {};
      change((library) => {
        kept.library = library;
        return kind === 'video' ? withoutVideo(library, id) : withoutPlaylist(library, id);
      });
      const outcome = await act((url, session) =>
        kind === 'video' ? deleteVideo(url, session, id) : deletePlaylist(url, session, id),
      );
      if (!outcome.ok) {
        notify({ tone: 'error', message: outcome.error });
        const { library } = kept;
        if (library) change(() => library);
        return;
      }
      const pending: PendingUndo = { relayUrl, kind, id, title, deletedAt: Date.now() };
      await writePendingUndo(pending);
      offer(pending);
    },
  };
}
