/**
 * The popup's side of `popup-messages.ts`: one call per request, answers validated.
 * @module
 */
import * as v from 'valibot';
import { browser } from 'wxt/browser';
import {
  PopupAnswerSchemas,
  RelayErrorKindSchema,
  type PopupRequest,
  type PopupResponses,
} from '../../common/popup-messages';

export async function callBackground<R extends PopupRequest>(
  request: R,
): Promise<PopupResponses[R['method']]> {
  const schema = v.variant('ok', [
    v.object({ ok: v.literal(true), value: PopupAnswerSchemas[request.method] }),
    v.object({
      ok: v.literal(false),
      error: v.string(),
      kind: v.optional(RelayErrorKindSchema),
    }),
  ]);
  try {
    const answer: unknown = await browser.runtime.sendMessage(request);
    const parsed = v.safeParse(schema, answer);
    if (parsed.success) return parsed.output as PopupResponses[R['method']];
    return { ok: false, error: 'We Watch did not answer; try reopening this window.' };
  } catch (error) {
    return { ok: false, error: `We Watch did not answer: ${String(error)}` };
  }
}
