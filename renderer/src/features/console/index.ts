export { consoleChunks, onConsoleChunk, startConsoleTracking, type ConsoleChunk } from './console-buffer';
export { OperationsConsole } from './operations-console';
export { renderChunk, sanitize } from './render-chunk';
/** The name the jobs panel's console slot looks for. */
export { OperationsConsole as JobConsole } from './operations-console';
