/**
 * Runs a MULTI and surfaces the first failed command as an exception.
 * @module
 */
import type { ChainableCommander } from 'ioredis';

/** EXEC `multi`; throws if the transaction was aborted or any command in it failed. */
export async function execTransaction(multi: ChainableCommander): Promise<unknown[]> {
  const replies = await multi.exec();
  if (!replies) throw new Error('Redis transaction aborted');
  return replies.map(([error, reply]) => {
    if (error) throw error;
    return reply;
  });
}
