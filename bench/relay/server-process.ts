/**
 * The child side of a server process under benchmark: answers memory measurements and closes
 * on request, or when the orchestrator goes away.
 * @module
 */
import type { EventCounts, ServerCommand, ServerReport } from './ipc';

/** Handles the orchestrator's commands; `close` shuts the server down before the process exits. */
export function serveMeasurements(events: () => EventCounts, close: () => Promise<void>): void {
  const gc = (globalThis as { gc?: () => void }).gc;
  const send = (report: ServerReport): void => {
    process.send?.(report);
  };
  let closing = false;
  const shutDown = (): void => {
    if (closing) return;
    closing = true;
    void close()
      .catch(() => {})
      .finally(() => process.exit(0));
  };
  process.on('message', (command: ServerCommand) => {
    switch (command.type) {
      case 'measure': {
        if (command.gc && gc) {
          // Twice: the first pass can leave garbage that only a second one frees.
          gc();
          gc();
        }
        const { rss, heapUsed } = process.memoryUsage();
        send({ type: 'measured', rss, heapUsed, gcExposed: gc !== undefined, events: events() });
        return;
      }
      case 'close':
        shutDown();
        return;
    }
  });
  // The orchestrator died or was interrupted: never outlive it.
  process.on('disconnect', shutDown);
}
