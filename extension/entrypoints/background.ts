/**
 * @module The background: registers the room service's listeners on every start. In Chrome it is
 * a service worker; in Firefox (MV3) an event page. Both stop when idle, and both are kept alive
 * while a room is on: Chrome by the relay's WebSocket traffic (a heartbeat at most every 20 s),
 * Firefox by the extension events the joined tab's port delivers (its health report every second
 * resets the 30 s idle timer; test/e2e/firefox.test.ts checks a room outlives a short timeout on
 * the same relay connection). If either stops it anyway, the tab's port reconnects, which starts
 * it again, and the room is rejoined from `storage.session` (Firefox 115+).
 */
import { defineBackground } from 'wxt/utils/define-background';
import { startRoomService } from '../background/room-service';

export default defineBackground(() => {
  startRoomService();
});
