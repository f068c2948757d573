import type { ErrorCode, FailedCommand } from '../../../shared/errors';

/** An error as the UI shows it: a sentence, its code, and the failed command one click away. */
export interface ErrorInfo {
  code: ErrorCode | 'UNKNOWN';
  message: string;
  command?: FailedCommand;
  details?: unknown;
}

/** Read whatever was thrown (CowshedError, wire payload, Error, string). */
export function toErrorInfo(e: unknown): ErrorInfo {
  if (e && typeof e === 'object') {
    const o = e as { code?: unknown; message?: unknown; command?: FailedCommand; details?: unknown };
    const message = typeof o.message === 'string' && o.message ? o.message : 'Something went wrong.';
    const code = typeof o.code === 'string' ? (o.code as ErrorCode) : 'UNKNOWN';
    return { code, message: sentence(message), command: o.command, details: o.details };
  }
  return { code: 'UNKNOWN', message: sentence(String(e)) };
}

/** Capitalised, ends with a full stop. */
export function sentence(s: string): string {
  const t = s.trim();
  if (!t) return 'Something went wrong.';
  const c = t[0]!.toUpperCase() + t.slice(1);
  return /[.!?…]$/.test(c) ? c : `${c}.`;
}

/** True when a method is simply not there yet or the filesystem cannot do it. */
export const isNotSupported = (e: unknown): boolean => toErrorInfo(e).code === 'NOT_SUPPORTED';

/** A short title per code for headings. */
export function errorTitle(code: ErrorInfo['code']): string {
  switch (code) {
    case 'NOT_SUPPORTED': return 'Not available here';
    case 'NEEDS_ADMIN': return 'Needs administrator rights';
    case 'BUSY': return 'Busy';
    case 'HAS_CLONES': return 'Has clones';
    case 'HAS_CHILDREN': return 'Has children';
    case 'HELD': return 'Held';
    case 'PLAN_STALE': return 'Something changed';
    case 'CONFIRMATION_REQUIRED': return 'Confirmation needed';
    case 'NO_SPACE': return 'Out of space';
    case 'PATH_NOT_FOUND':
    case 'NOT_FOUND': return 'Not found';
    case 'EXISTS': return 'Already exists';
    case 'INVALID_NAME':
    case 'INVALID_PATH': return 'Not a valid name';
    case 'CANCELLED': return 'Cancelled';
    case 'TOOL_MISSING': return 'Tool missing';
    case 'COMMAND_FAILED': return 'Command failed';
    default: return 'Something went wrong';
  }
}
