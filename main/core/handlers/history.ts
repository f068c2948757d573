import { CowshedError } from '../../../shared/errors';
import type { HandlerMap } from '../context';

const notYet = async (): Promise<never> => {
  throw new CowshedError('NOT_SUPPORTED', 'History and space are not built yet.');
};

/** Browse snapshots, versions, diff, space. (Filled in by the history issue.) */
export const historyHandlers: Pick<HandlerMap, 'browseSnapshot' | 'releaseSnapshot' | 'versions' | 'diff' | 'space'> = {
  browseSnapshot: notYet,
  releaseSnapshot: notYet,
  versions: notYet,
  diff: notYet,
  space: notYet,
};
