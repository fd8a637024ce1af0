/**
 * The identity on the current relay, in the popup's Room tab: **Back up identity** shows a
 * recovery code (to copy or save as a file), **Restore identity** takes one from another browser
 * (after a confirmation), and when the relay refused this browser's identity an alert says what
 * happened and offers **Start over** or **Restore identity**.
 * @module
 */
import { useRef, useState } from 'preact/hooks';
import * as v from 'valibot';
import { RecoveryCodeSchema } from '../../shared/protocol';
import { callBackground } from './state/background-client';
import type { PopupStatus } from '../common/popup-messages';
import { forgetPopupSession, withPopupSession } from './state/popup-session';
import { createRecoveryCode } from '../common/relay-api';
import { describeError } from '../common/relay-error';
import { CopyField } from '../common/ui/copy-field';

const RECOVERY_FIELD_ID = 'recovery-code';

export interface IdentityActions {
  busy: boolean;
  /** A failure of the last identity action, to show. */
  error: string | null;
  startOver: () => Promise<void>;
  restore: (code: string) => Promise<boolean>;
}

/**
 * The identity actions that go through the background (the one context that spends tokens);
 * `changed` hears the new status after each one that replaced the identity.
 */
export function useIdentityActions(
  tabId: number | null | undefined,
  changed: (status: PopupStatus) => void,
): IdentityActions {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const replace = async (
    request: { method: 'startOver' } | { method: 'restoreIdentity'; recovery: string },
  ) => {
    setBusy(true);
    setError(null);
    const outcome = await callBackground({ ...request, tabId: tabId ?? null });
    setBusy(false);
    if (!outcome.ok) {
      setError(outcome.error);
      return false;
    }
    // Library calls must use a session of the new identity.
    forgetPopupSession();
    changed(outcome.value);
    return true;
  };
  return {
    busy,
    error,
    startOver: async () => void (await replace({ method: 'startOver' })),
    restore: (recovery) => replace({ method: 'restoreIdentity', recovery }),
  };
}

/** The alert shown while the relay refuses this browser's identity. */
export function IdentityProblem(props: { status: PopupStatus | null; actions: IdentityActions }) {
  const refusal = props.status?.identity;
  if (!refusal) return null;
  return (
    <div class="problem" role="alert">
      <p>{refusal.message}</p>
      <div class="row">
        <button
          type="button"
          disabled={props.actions.busy}
          onClick={() => void props.actions.startOver()}
        >
          Start over
        </button>
        <button type="button" onClick={() => document.getElementById(RECOVERY_FIELD_ID)?.focus()}>
          Restore identity
        </button>
      </div>
      {props.actions.error && <p class="error">{props.actions.error}</p>}
    </div>
  );
}

/** Offers the recovery code as a text file, for those who keep files rather than text. */
function saveAsFile(code: string): void {
  const url = URL.createObjectURL(new Blob([`${code}\n`], { type: 'text/plain' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = 'we-watch-recovery-code.txt';
  link.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** Back up identity and Restore identity, under Settings. */
export function IdentitySettings(props: { relayUrl: string | null; actions: IdentityActions }) {
  const { actions } = props;
  const [code, setCode] = useState<string | null>(null);
  const [backingUp, setBackingUp] = useState(false);
  const [backupError, setBackupError] = useState<string | null>(null);
  const [input, setInput] = useState('');
  const [confirming, setConfirming] = useState(false);
  const [invalid, setInvalid] = useState(false);
  const [restored, setRestored] = useState(false);
  const field = useRef<HTMLInputElement>(null);

  const backUp = async () => {
    setBackingUp(true);
    setBackupError(null);
    try {
      setCode(await withPopupSession(createRecoveryCode));
    } catch (error) {
      setBackupError(describeError(error));
    } finally {
      setBackingUp(false);
    }
  };

  const restore = async () => {
    const ok = await actions.restore(input.trim());
    setConfirming(false);
    if (!ok) return;
    setInput('');
    setCode(null);
    setRestored(true);
  };

  return (
    <div class="identity">
      <div class="row">
        <button
          type="button"
          aria-busy={backingUp}
          disabled={backingUp}
          onClick={() => void backUp()}
        >
          Back up identity
        </button>
      </div>
      {backupError && <p class="error">{backupError}</p>}
      {code && (
        <>
          <CopyField label="Your recovery code" value={code} />
          <p class="hint">
            It moves your library on {props.relayUrl} to another browser: paste it there under
            Restore identity. It works once, and making a new one replaces it. Keep it private:
            whoever has it can take your library.
          </p>
          <button type="button" onClick={() => saveAsFile(code)}>
            Save as file
          </button>
        </>
      )}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          const valid = v.is(RecoveryCodeSchema, input);
          setInvalid(!valid);
          setRestored(false);
          if (valid) setConfirming(true);
        }}
      >
        <label for={RECOVERY_FIELD_ID}>Recovery code</label>
        <div class="row">
          <input
            id={RECOVERY_FIELD_ID}
            ref={field}
            value={input}
            autoComplete="off"
            spellcheck={false}
            placeholder="ww1-…"
            aria-invalid={invalid}
            onInput={(e) => {
              setInput(e.currentTarget.value);
              setInvalid(false);
              setConfirming(false);
            }}
          />
          <button type="submit" disabled={actions.busy || input.trim() === ''}>
            Restore identity
          </button>
        </div>
      </form>
      {confirming && (
        <div class="confirm" role="alertdialog" aria-label="Replace this browser's identity?">
          <p>
            Replace this browser's identity on {props.relayUrl} with the one this code belongs to?
            This browser's current identity there is kept aside, not deleted.
          </p>
          <div class="row">
            <button
              type="button"
              class="primary"
              disabled={actions.busy}
              onClick={() => void restore()}
            >
              Replace identity
            </button>
            <button
              type="button"
              onClick={() => {
                setConfirming(false);
                field.current?.focus();
              }}
            >
              Cancel
            </button>
          </div>
        </div>
      )}
      <p class="feedback" role="status">
        {invalid
          ? 'A recovery code starts with ww1- and has 47 characters.'
          : actions.busy
            ? 'Restoring…'
            : restored
              ? 'Identity restored: your library is back.'
              : ''}
      </p>
      {actions.error && <p class="error">{actions.error}</p>}
    </div>
  );
}
