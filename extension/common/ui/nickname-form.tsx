/**
 * The "Nickname" field with "Save nickname", in the overlay and in the popup's Room tab.
 * @module
 */
import { useState } from 'preact/hooks';
import { cleanNickname } from '../nickname';

export function NicknameForm(props: {
  /** The nickname kept now; null until read. */
  value: string | null;
  /** Resolves true once kept. */
  onSave: (name: string) => Promise<boolean> | boolean;
  /** Distinguishes the field's id where two forms could share a document. */
  idPrefix?: string;
}) {
  const [draft, setDraft] = useState<string | null>(null);
  // Cleared by typing only: saving also clears the draft, and must leave "Nickname saved" shown.
  const [saved, setSaved] = useState(false);
  const id = `${props.idPrefix ?? 'we-watch'}-nickname`;
  const value = draft ?? props.value ?? '';
  const name = cleanNickname(value);
  const changed = draft !== null && name !== null && name !== props.value;
  return (
    <form
      class="nickname"
      onSubmit={(event) => {
        event.preventDefault();
        if (!name || !changed) return;
        void Promise.resolve(props.onSave(name)).then((ok) => {
          if (!ok) return;
          setDraft(null);
          setSaved(true);
        });
      }}
    >
      <label for={id}>Nickname</label>
      <div class="row">
        <input
          id={id}
          value={value}
          maxLength={40}
          autoComplete="nickname"
          spellcheck={false}
          aria-invalid={draft !== null && name === null}
          onInput={(e) => {
            setDraft(e.currentTarget.value);
            setSaved(false);
          }}
        />
        <button type="submit" disabled={!changed}>
          Save nickname
        </button>
      </div>
      <span class="feedback" role="status">
        {saved ? 'Nickname saved' : draft !== null && name === null ? 'Enter 1–40 characters' : ''}
      </span>
    </form>
  );
}
