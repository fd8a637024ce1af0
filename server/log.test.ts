import { describe, expect, it } from 'vitest';
import { jsonLineLog } from './log';

function logged(...events: [string, Record<string, string | number | null | undefined>?][]) {
  const lines: string[] = [];
  const log = jsonLineLog('node-1', (line) => lines.push(line));
  for (const [event, fields] of events) log(event, fields);
  return lines;
}

describe('jsonLineLog', () => {
  it('writes one JSON object per line: level, time, node, event, then the fields', () => {
    const [line] = logged(['ws_closed', { rid: 'r1', code: 1000, phase: null, gone: undefined }]);
    expect(line?.endsWith('}\n')).toBe(true);
    const event = JSON.parse(line ?? '') as Record<string, unknown>;
    expect(Object.keys(event)).toEqual(['level', 'time', 'node', 'event', 'rid', 'code', 'phase']);
    expect(event).toMatchObject({ node: 'node-1', event: 'ws_closed', rid: 'r1', code: 1000 });
    expect(new Date(event.time as string).toISOString()).toBe(event.time);
  });

  it('keeps a field with a line break on its line', () => {
    const [line] = logged(['api_error', { error: 'first\nsecond "quoted"' }]);
    expect(line?.slice(0, -1)).not.toContain('\n');
    expect(JSON.parse(line ?? '')).toMatchObject({ error: 'first\nsecond "quoted"' });
  });

  it('censors fields named after secrets', () => {
    const secrets = { token: 't1', session: 's1', key: 'k1', inviteKey: 'i1', authorization: 'a1' };
    const [line] = logged(['oops', { ...secrets, rid: 'r1' }]);
    for (const secret of Object.values(secrets)) expect(line).not.toContain(secret);
    expect(JSON.parse(line ?? '')).toMatchObject({ token: '[redacted]', rid: 'r1' });
  });
});
