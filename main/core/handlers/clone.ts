import { CowshedError } from '../../../shared/errors';
import type { HandlerMap } from '../context';

const notYet = async (): Promise<never> => {
  throw new CowshedError('NOT_SUPPORTED', 'The clone engine is not built yet.');
};

/** "Clone here", restore, file properties. (Filled in by the clone engine issue.) */
export const cloneHandlers: Pick<HandlerMap, 'planClone' | 'clone' | 'planRestore' | 'fileInfo'> = {
  planClone: notYet,
  clone: notYet,
  planRestore: notYet,
  fileInfo: notYet,
};
