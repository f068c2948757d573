import type { Verb } from '../verb';
import { browseVerb } from './browse';
import { cloneVerb } from './clone';
import { lineageVerb } from './lineage';
import { diffVerb } from './diff';
import { destroyVerb, detachVerb, promoteVerb, rollbackVerb } from './plans';
import { probeVerb } from './probe';
import { restoreVerb } from './restore';
import { serveVerb } from './serve';
import { spaceVerb } from './space';
import { holdVerb, readonlyVerb, renameVerb, snapshotsVerb, snapshotVerb } from './snapshots';
import { versionsVerb } from './versions';
import { volumesVerb } from './volumes';

/** Every CLI verb, in help order. Each issue adds its verbs here. */
export const verbs: Verb[] = [
  probeVerb,
  volumesVerb,
  snapshotsVerb,
  snapshotVerb,
  renameVerb,
  readonlyVerb,
  holdVerb,
  cloneVerb,
  restoreVerb,
  versionsVerb,
  diffVerb,
  spaceVerb,
  browseVerb,
  lineageVerb,
  destroyVerb,
  rollbackVerb,
  promoteVerb,
  detachVerb,
  serveVerb,
];
