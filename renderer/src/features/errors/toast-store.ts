import { createStore } from '../../lib/store';
import { toErrorInfo, type ErrorInfo } from '../../lib/errors';

export type ToastTone = 'info' | 'success' | 'error';

/** One notification in the corner. Errors stay until dismissed; the others fade after a while. */
export interface Toast {
  id: number;
  tone: ToastTone;
  title: string;
  message?: string;
  error?: ErrorInfo;
  action?: { label: string; run: () => void };
}

export const toastStore = createStore<Toast[]>([]);
/** The error whose details (command, exit code, stderr) are open, if any. */
export const errorDetailsStore = createStore<ErrorInfo | null>(null);

let nextId = 1;

/** Show a notification; returns its id. */
export function toast(t: Omit<Toast, 'id'>): number {
  const id = nextId++;
  toastStore.set((list) => [...list.slice(-4), { ...t, id }]);
  if (t.tone !== 'error') setTimeout(() => dismissToast(id), 6000);
  return id;
}

export function dismissToast(id: number): void {
  toastStore.set((list) => list.filter((t) => t.id !== id));
}

/** Put an error on screen as a sentence, with its failed command one click away. */
export function reportError(title: string, e: unknown): void {
  const error = toErrorInfo(e);
  toast({ tone: 'error', title, message: error.message, error });
}

export function showErrorDetails(e: ErrorInfo): void {
  errorDetailsStore.set(e);
}
