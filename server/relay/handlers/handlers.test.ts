import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { ClientFrameSchema } from '../../../shared/protocol';
import { CLIENT_FRAME_FIXTURES } from '../../../shared/protocol/fixtures';
import { HANDLERS } from '.';

/** Every type the client frame schema accepts, read from the schema itself. */
const TYPES = ClientFrameSchema.options.map((option) => option.entries.type.literal).sort();

describe('the handler map', () => {
  it('has exactly one handler for every client frame type', () => {
    expect(Object.keys(HANDLERS).sort()).toEqual(TYPES);
    for (const type of TYPES) {
      const handler = HANDLERS[type];
      expect(typeof handler.handle, type).toBe('function');
      expect(['greeting', 'joined', 'greeted'], type).toContain(handler.audience);
    }
  });

  it('is matched by one valid example frame of every type', () => {
    expect(Object.keys(CLIENT_FRAME_FIXTURES).sort()).toEqual(TYPES);
    for (const [type, frame] of Object.entries(CLIENT_FRAME_FIXTURES)) {
      const parsed = v.safeParse(ClientFrameSchema, frame);
      expect(parsed.issues, type).toBeUndefined();
      expect(parsed.output, type).toEqual(frame);
    }
  });
});
