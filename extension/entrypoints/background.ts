/** @module The service worker: registers the room service's listeners on every start. */
import { defineBackground } from 'wxt/utils/define-background';
import { startRoomService } from '../lib/room-service';

export default defineBackground(() => {
  startRoomService();
});
