/**
 * The popup's status bar: what the last library action did, with Undo after a delete.
 * @module
 */
import { useEffect, useRef } from 'preact/hooks';
import type { Notice } from './state/notice';

export function StatusBar(props: { notice: Notice | null; onDismiss: () => void }) {
  const undo = useRef<HTMLButtonElement>(null);
  const { notice } = props;
  // After a delete the entry that had focus is gone: Undo takes it.
  useEffect(() => {
    if (notice?.undo) undo.current?.focus();
  }, [notice]);
  return (
    <div
      class={`status-bar ${notice?.tone ?? ''}`}
      role={notice?.tone === 'error' ? 'alert' : 'status'}
    >
      {notice && (
        <>
          <p>{notice.message}</p>
          {notice.undo && (
            <button type="button" ref={undo} onClick={notice.undo}>
              Undo
            </button>
          )}
          <button type="button" class="quiet" aria-label="Dismiss" onClick={props.onDismiss}>
            ×
          </button>
        </>
      )}
    </div>
  );
}
