/**
 * ByteLink over a raw device file (`escpos-file:/dev/usb/lp0`): the Linux usblp driver, a
 * parallel port, or any character device a printer appears as. Writes go straight to the file;
 * reads, where the device supports them (usblp passes the printer's bulk-in bytes, so DLE EOT
 * replies arrive), are polled without blocking, so a silent device never parks a libuv thread.
 */
import { constants } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { assert } from '../../../common/assert.ts';
import { err, ok, type Result } from '../../../common/result.ts';
import type { ByteLink } from '../../../protocol/link.ts';

export type FileLinkOptions = {
  /** How often to look for bytes from the printer. */
  readPollMs?: number;
  /** A write the device refuses with EAGAIN is retried this long before failing. */
  writeBusyMsMax?: number;
};

export type FileLinkError =
  | { kind: 'not-found'; path: string }
  | { kind: 'permission'; path: string; hint: string }
  | { kind: 'busy'; path: string }
  | { kind: 'io'; path: string; message: string };

const READ_CHUNK_BYTES = 256;

/** Opens the device read-write and non-blocking; a clear error instead of a throw. */
export async function openFileLink(
  path: string,
  options: FileLinkOptions = {},
): Promise<Result<ByteLink, FileLinkError>> {
  const readPollMs = options.readPollMs ?? 10;
  const writeBusyMsMax = options.writeBusyMsMax ?? 5_000;
  assert(readPollMs >= 1 && writeBusyMsMax >= 0, 'file-link: options');
  let handle: FileHandle;
  try {
    // O_NOCTTY: a pty or serial device must not become our controlling terminal.
    handle = await open(path, constants.O_RDWR | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (error) {
    return err(openError(path, error));
  }
  return ok(wrapHandle(handle, path, readPollMs, writeBusyMsMax));
}

function openError(path: string, error: unknown): FileLinkError {
  const code = (error as NodeJS.ErrnoException).code;
  const message = error instanceof Error ? error.message : String(error);
  switch (code) {
    case 'ENOENT':
    case 'ENXIO':
    case 'ENODEV':
      return { kind: 'not-found', path };
    case 'EACCES':
    case 'EPERM':
      return { kind: 'permission', path, hint: 'add the kiosk user to the "lp" group' };
    case 'EBUSY':
      return { kind: 'busy', path };
    default:
      return { kind: 'io', path, message };
  }
}

function wrapHandle(
  handle: FileHandle,
  path: string,
  readPollMs: number,
  writeBusyMsMax: number,
): ByteLink {
  let onData: (chunk: Uint8Array) => void = () => {};
  let onClose: (reason: string) => void = () => {};
  let closedReason: string | null = null;
  let reading = false;
  const buffer = Buffer.alloc(READ_CHUNK_BYTES);

  const markClosed = (reason: string): void => {
    if (closedReason !== null) return;
    closedReason = reason;
    clearInterval(poller);
    onClose(reason);
    handle.close().catch(() => {});
  };

  const poll = async (): Promise<void> => {
    if (reading || closedReason !== null) return;
    reading = true;
    try {
      // Bounded: one poll drains at most 16 chunks, the next tick continues.
      for (let round = 0; round < 16; round += 1) {
        const { bytesRead } = await handle.read(buffer, 0, READ_CHUNK_BYTES, null);
        if (bytesRead === 0) break;
        onData(Uint8Array.from(buffer.subarray(0, bytesRead)));
      }
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN' || code === 'EWOULDBLOCK') return;
      if (code === 'EINVAL' || code === 'EBADF' || code === 'ENOTSUP' || code === 'EISDIR') {
        // A write-only device (no back channel): status requests will time out, not crash.
        clearInterval(poller);
        return;
      }
      markClosed(`${path}: ${error instanceof Error ? error.message : String(error)}`);
    } finally {
      reading = false;
    }
  };
  const poller = setInterval(() => void poll(), readPollMs);

  return {
    async write(bytes) {
      if (closedReason !== null) throw new Error(`${path}: write after close (${closedReason})`);
      await writeAll(handle, bytes, path, writeBusyMsMax);
    },
    setDataListener(listener) {
      onData = listener;
    },
    setCloseListener(listener) {
      onClose = listener;
    },
    async close() {
      if (closedReason !== null) return;
      closedReason = 'closed by us';
      clearInterval(poller);
      await handle.close();
    },
  };
}

async function writeAll(
  handle: FileHandle,
  bytes: Uint8Array,
  path: string,
  writeBusyMsMax: number,
): Promise<void> {
  let offset = 0;
  let waitedMs = 0;
  // Bounded: each round either writes bytes or waits, and waiting is capped by writeBusyMsMax.
  while (offset < bytes.length) {
    try {
      const { bytesWritten } = await handle.write(bytes, offset, bytes.length - offset, null);
      offset += bytesWritten;
      if (bytesWritten > 0) continue;
      if (waitedMs >= writeBusyMsMax) throw new Error(`${path}: device accepts no bytes`);
      await new Promise((resolve) => setTimeout(resolve, 10));
      waitedMs += 10;
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if ((code !== 'EAGAIN' && code !== 'EWOULDBLOCK') || waitedMs >= writeBusyMsMax) {
        throw new Error(`${path}: write failed: ${error instanceof Error ? error.message : error}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 10));
      waitedMs += 10;
    }
  }
}
