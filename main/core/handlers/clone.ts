import type { HandlerMap } from '../context';
import { fileInfo } from '../clone/file-info';
import { planClone } from '../clone/plan-clone';
import { planRestore } from '../clone/restore';
import { startClone } from '../clone/run-clone';
import { historyHandlers } from './history';

/** "Clone here", restore from a snapshot, file properties (main/core/clone). */
export const cloneHandlers: Pick<HandlerMap, 'planClone' | 'clone' | 'planRestore' | 'fileInfo'> = {
  planClone: async (req, ctx) => (await planClone(ctx, req)).preview,
  clone: (req, ctx) => startClone(ctx, req),
  planRestore: (req, ctx) =>
    planRestore(
      ctx,
      req,
      (snapshot) => historyHandlers.browseSnapshot({ snapshot }, ctx),
      (snapshot) => historyHandlers.releaseSnapshot({ snapshot }, ctx),
    ),
  fileInfo: (req) => fileInfo(req.path),
};
