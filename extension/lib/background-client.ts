/**
 * The popup's side of `popup-messages.ts`: one call per request, answers validated.
 * @module
 */
import * as v from 'valibot';
import browser from 'webextension-polyfill';
import {
  PopupStatusSchema,
  type Outcome,
  type PopupRequest,
  type PopupStatus,
} from './popup-messages';

const AnswerSchema = v.variant('ok', [
  v.object({ ok: v.literal(true), value: PopupStatusSchema }),
  v.object({ ok: v.literal(false), error: v.string() }),
]);

export async function callBackground(request: PopupRequest): Promise<Outcome<PopupStatus>> {
  try {
    const answer: unknown = await browser.runtime.sendMessage(request);
    const parsed = v.safeParse(AnswerSchema, answer);
    if (parsed.success) return parsed.output;
    return { ok: false, error: 'We Watch did not answer; try reopening this window.' };
  } catch (error) {
    return { ok: false, error: `We Watch did not answer: ${String(error)}` };
  }
}
