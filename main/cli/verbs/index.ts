import type { Verb } from '../verb';
import { lineageVerb } from './lineage';
import { destroyVerb, detachVerb, promoteVerb, rollbackVerb } from './plans';
import { probeVerb } from './probe';
import { serveVerb } from './serve';
import { holdVerb, readonlyVerb, renameVerb, snapshotsVerb, snapshotVerb } from './snapshots';
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
  lineageVerb,
  destroyVerb,
  rollbackVerb,
  promoteVerb,
  detachVerb,
  serveVerb,
];
