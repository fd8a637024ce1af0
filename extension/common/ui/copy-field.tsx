/**
 * A read-only field with a Copy button, used for invite keys in the popup and the overlay.
 * @module
 */
import { useRef, useState } from 'preact/hooks';
import { copyText } from '../copy-text';

export function CopyField(props: { label: string; value: string; buttonLabel?: string }) {
  const field = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'yes' | 'no' | null>(null);
  const id = `copy-${props.label.replace(/\W+/g, '-').toLowerCase()}`;
  const copy = async () => {
    setCopied((await copyText(props.value, field.current)) ? 'yes' : 'no');
    setTimeout(() => setCopied(null), 2000);
  };
  return (
    <div class="copy-field">
      <label for={id}>{props.label}</label>
      <div class="row">
        <input
          id={id}
          ref={field}
          readOnly
          value={props.value}
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" onClick={() => void copy()}>
          {props.buttonLabel ?? 'Copy'}
        </button>
      </div>
      <span class="feedback" role="status">
        {copied === 'yes' ? 'Copied' : copied === 'no' ? 'Select the text and copy it' : ''}
      </span>
    </div>
  );
}
