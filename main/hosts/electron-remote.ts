/**
 * What the Electron host does for the console's remote commands: a screenshot is the kiosk
 * window's own pixels (webContents.capturePage, the thin shell's one call for it), and a
 * restart closes the kiosk cleanly and exits with RESTART_EXIT_CODE for systemd to restart.
 */
import type * as Electron from 'electron';
import type { RemoteHost } from '../app/remote-command-runner.ts';

export function electronRemoteHost(
  window: () => Electron.BrowserWindow | null,
  restart: () => void,
): RemoteHost {
  return {
    captureScreen: async () => {
      const current = window();
      if (current === null || current.isDestroyed()) {
        return { ok: false, message: 'the kiosk window is not open' };
      }
      try {
        const image = await current.webContents.capturePage();
        const size = image.getSize();
        if (size.width === 0 || size.height === 0) {
          return { ok: false, message: 'the window has nothing drawn yet' };
        }
        return {
          ok: true,
          png: image.toPNG(),
          widthPx: size.width,
          heightPx: size.height,
          method: 'capture-page',
        };
      } catch (error) {
        return { ok: false, message: error instanceof Error ? error.message : 'capture failed' };
      }
    },
    restart,
  };
}
