/** History and space panels (issue 8): mounted by the app shell. */
export { ComparePanel } from './compare-panel';
export { SpaceBar } from './space-bar';
export { spaceModel } from './space-model';
export { useDiff } from './use-diff';
export { VersionPreview } from './version-preview';
export { VersionsPanel } from './versions-panel';
