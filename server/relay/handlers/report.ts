/**
 * Sync health reports: the member's entry in the room's list.
 * @module
 */
import type { ReportFrame } from '../../../shared/protocol';
import { failOnError } from '../failure';
import type { Handler } from './handler';

export const report: Handler<ReportFrame> = {
  audience: 'joined',
  async handle(ctx, connection, frame) {
    const { room, profile } = connection;
    if (!room || !profile) return;
    const statusChanged = frame.status !== profile.status;
    profile.status = frame.status;
    profile.error = frame.error;
    profile.rtt = frame.rtt;
    try {
      await ctx.rosters.report(room, connection.memberId, profile, statusChanged);
    } catch (error) {
      failOnError(ctx, connection, error, 'report_failed');
    }
  },
};
