import { BrowserWindow, dialog, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { METHOD_NAMES, type BridgeResult } from '../../shared/contract/index';
import { CowshedError, toErrorPayload } from '../../shared/errors';
import type { Service } from '../core/service';
import { zodToError } from '../core/service';
import { methodChannel, NATIVE_FUNCTIONS } from './bridge';
import { dispatchCall } from './call-dispatch';
import { isTrustedSender, type SenderInfo } from './trusted-sender';

function senderInfo(event: IpcMainInvokeEvent): SenderInfo {
  const frame = event.senderFrame;
  const main = event.sender.mainFrame;
  return {
    webContentsId: event.sender.id,
    frame: frame
      ? { url: frame.url, isMainFrameOfSender: frame.parent === null && frame.processId === main.processId && frame.routingId === main.routingId }
      : null,
  };
}

const refused: BridgeResult<never> = {
  ok: false,
  error: new CowshedError('UNAUTHORIZED', 'This request did not come from Cowshed\'s own window.').toPayload(),
};

/**
 * Register every IPC handler. The one place that checks the sender: each handler first verifies that the message
 * comes from the main frame of one of our windows on app://cowshed, then validates the payload.
 */
export function registerIpc(service: Service, trustedWebContents: ReadonlySet<number>): void {
  const handleTrusted = (channel: string, fn: (event: IpcMainInvokeEvent, request: unknown) => Promise<BridgeResult<unknown>>) =>
    ipcMain.handle(channel, async (event, request: unknown) => (isTrustedSender(senderInfo(event), trustedWebContents) ? fn(event, request) : refused));

  for (const m of METHOD_NAMES) handleTrusted(methodChannel(m), (_event, request) => dispatchCall(service, m, request));

  const choose = NATIVE_FUNCTIONS.chooseFolder;
  handleTrusted(choose.channel, async (event, request) => {
    const parsed = choose.request.safeParse(request ?? {});
    if (!parsed.success) return { ok: false, error: zodToError('chooseFolder', parsed.error).toPayload() };
    try {
      const win = BrowserWindow.fromWebContents(event.sender);
      const opts = {
        title: parsed.data.title ?? 'Choose a folder',
        defaultPath: parsed.data.defaultPath,
        buttonLabel: parsed.data.buttonLabel,
        properties: ['openDirectory', 'createDirectory', 'dontAddToRecent'] as Array<'openDirectory' | 'createDirectory' | 'dontAddToRecent'>,
      };
      const r = win ? await dialog.showOpenDialog(win, opts) : await dialog.showOpenDialog(opts);
      return { ok: true, result: r.canceled ? null : (r.filePaths[0] ?? null) };
    } catch (e) {
      return { ok: false, error: toErrorPayload(e) };
    }
  });
}
