// The preload bridge (sandboxed): window.cowshed gets one named function per contract method and native function,
// and one onDid<Event> per event. ipcRenderer itself, channel names and any generic invoke stay in here.
import { contextBridge, ipcRenderer } from 'electron';
import { buildBridge } from './bridge';

contextBridge.exposeInMainWorld(
  'cowshed',
  buildBridge({
    invoke: (channel, request) => ipcRenderer.invoke(channel, request),
    subscribe: (channel, handler) => {
      ipcRenderer.on(channel, (_event, payload: unknown) => handler(payload));
    },
  }),
);
