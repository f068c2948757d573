import type { HandlerMap } from '../context';
import { browseSnapshot, previewFile, releaseSnapshot } from '../history/browse';
import { startDiff } from '../history/diff-job';
import { spaceReport } from '../history/space';
import { fileVersions } from '../history/versions';

/** Browse snapshots, versions of a file, diff, space, previews. */
export const historyHandlers: Pick<HandlerMap, 'browseSnapshot' | 'releaseSnapshot' | 'versions' | 'diff' | 'space' | 'previewFile'> = {
  browseSnapshot: (req, ctx) => browseSnapshot(ctx, req.snapshot),
  releaseSnapshot: (req, ctx) => releaseSnapshot(ctx, req.snapshot),
  versions: (req, ctx) => fileVersions(ctx, req),
  diff: (req, ctx) => startDiff(ctx, req.a, req.b),
  space: (req, ctx) => spaceReport(ctx, req.target, req.snapshots ?? []),
  previewFile: (req, ctx) => previewFile(ctx, req.path, req.maxBytes),
};
