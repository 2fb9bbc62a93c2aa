/**
 * Sandboxed preload: runs before the page with only `contextBridge` and `ipcRenderer`. It is
 * bundled into one CommonJS file (preload/build.ts) because a sandboxed preload cannot load
 * modules from disk.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { createBridge } from './bridge.ts';

contextBridge.exposeInMainWorld('kiosk', createBridge(ipcRenderer));
