import { beforeEach, describe, expect, it } from 'vitest';
import { browser } from 'wxt/browser';
import {
  UNDO_WINDOW_MS,
  readPendingUndo,
  writePendingUndo,
  type PendingUndo,
} from './pending-undo';

const A = 'https://relay-a.test';
const deleted: PendingUndo = { relayUrl: A, kind: 'video', id: 3, title: 'Gone', deletedAt: 1000 };

beforeEach(() => {
  (browser as unknown as { reset(): void }).reset();
});

describe('the pending undo', () => {
  it('is offered on its own relay within the restore window only', async () => {
    await writePendingUndo(deleted);
    expect(await readPendingUndo(A, 1000 + UNDO_WINDOW_MS - 1)).toEqual(deleted);
    expect(await readPendingUndo(A, 1000 + UNDO_WINDOW_MS)).toBeNull();
    expect(await readPendingUndo('https://relay-b.test', 1001)).toBeNull();
  });

  it('is gone once cleared', async () => {
    await writePendingUndo(deleted);
    await writePendingUndo(null);
    expect(await readPendingUndo(A, 1001)).toBeNull();
    expect(await browser.storage.local.get('pendingUndo')).toEqual({});
  });

  it('reads what the released version stored, and not what it cannot check', async () => {
    await browser.storage.local.set({ pendingUndo: deleted });
    expect(await readPendingUndo(A, 1001)).toEqual(deleted);
    await browser.storage.local.set({ pendingUndo: { ...deleted, kind: 'room' } });
    expect(await readPendingUndo(A, 1001)).toBeNull();
  });
});
