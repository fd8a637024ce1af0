/**
 * An inline rename: a "Title" field with Save title and Cancel; Enter saves, Escape cancels.
 * @module
 */
import { useEffect, useRef, useState } from 'preact/hooks';

export function RenameForm(props: {
  value: string;
  /** Resolves true once saved (the form closes), false to keep it open. */
  onSave: (title: string) => Promise<boolean>;
  onCancel: () => void;
}) {
  const [value, setValue] = useState(props.value);
  const [busy, setBusy] = useState(false);
  const field = useRef<HTMLInputElement>(null);
  useEffect(() => {
    field.current?.focus();
    field.current?.select();
  }, []);
  const title = value.trim();
  return (
    <form
      class="rename row"
      onSubmit={(event) => {
        event.preventDefault();
        if (!title || busy) return;
        if (title === props.value) return props.onCancel();
        setBusy(true);
        void props.onSave(title).then(() => setBusy(false));
      }}
      onKeyDown={(event) => {
        if (event.key === 'Escape') {
          event.preventDefault();
          event.stopPropagation();
          props.onCancel();
        }
      }}
    >
      <input
        ref={field}
        aria-label="Title"
        value={value}
        maxLength={200}
        required
        onInput={(e) => setValue(e.currentTarget.value)}
      />
      <button type="submit" disabled={!title || busy}>
        Save title
      </button>
      <button type="button" onClick={props.onCancel}>
        Cancel
      </button>
    </form>
  );
}
