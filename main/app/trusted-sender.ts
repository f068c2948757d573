import { isAppUrl } from './app-protocol';

/** What the IPC check needs to know about a message's sender (built from an IpcMainInvokeEvent). */
export interface SenderInfo {
  /** webContents id of the sender. */
  webContentsId: number;
  /** The frame that sent it; null when it has navigated away or been destroyed. */
  frame: { url: string; isMainFrameOfSender: boolean } | null;
}

/**
 * The one sender check (like GitHub Desktop's trusted-ipc-sender): the message must come from the main frame
 * of one of our windows, showing our own app:// origin. Subframes, other webContents and any other URL are refused.
 */
export function isTrustedSender(sender: SenderInfo, trustedWebContentsIds: ReadonlySet<number>): boolean {
  if (!trustedWebContentsIds.has(sender.webContentsId)) return false;
  if (!sender.frame || !sender.frame.isMainFrameOfSender) return false;
  return isAppUrl(sender.frame.url);
}
