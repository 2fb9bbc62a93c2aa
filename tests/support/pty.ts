/**
 * A connected pseudo-terminal pair for device tests, a null-modem cable between two paths: bytes
 * written to `a` come out of `b` and back, raw (no echo, no CR/LF mapping, no signal or
 * flow-control characters: CCNET and ESC/POS are binary).
 *
 *   const pty = await openPtyPair();
 *   const host = await openSerialLink(pty.a, 9600);   // driver side
 *   const device = await openSerialLink(pty.b, 9600); // emulator side
 *   …
 *   await pty.close(); // after closing both links; releases both ptys
 *
 * Made in this process, with nothing to install beyond npm packages: two ptys from node-pty's
 * prebuilt binary, their master ends relayed to each other. Each slave is also held open here in
 * raw mode for the pair's whole life, for two reasons: the line settings belong to the terminal,
 * so they hold for every later opener; and a pty master fails (EIO) once nobody holds its slave,
 * so a process that opens a slave and dies (the crash tests SIGKILL kiosks) would otherwise
 * break the relay for the next one.
 *
 * A pty ignores baud rate, parity and stop bits, so port settings are unit-tested separately.
 */
import { closeSync } from 'node:fs';
import { createRequire } from 'node:module';
import { ReadStream } from 'node:tty';
import { SerialPort } from 'serialport';

export type PtyPair = { a: string; b: string; close(): Promise<void> };

/** The part of node-pty's native module used here: openpty(3), no child process. */
type NativePty = {
  open(cols: number, rows: number): { master: number; slave: number; pty: string };
};
type Holder = Awaited<ReturnType<typeof SerialPort.binding.open>>;
type End = { path: string; master: ReadStream; holder: Holder };

let nativePty: NativePty | null = null;

function loadNativePty(): NativePty {
  if (nativePty === null) {
    // The package's own loader picks the binary package for this platform and explains a miss.
    const require = createRequire(import.meta.url);
    const loader = require('@lydell/node-pty/requireBinary.js') as {
      requireBinary(file: string): NativePty;
    };
    nativePty = loader.requireBinary('pty.node');
  }
  return nativePty;
}

export async function openPtyPair(): Promise<PtyPair> {
  const first = await openEnd();
  const second = await openEnd().catch(async (error: unknown) => {
    await closeEnd(first);
    throw error;
  });
  const failures: string[] = [];
  for (const end of [first, second]) {
    end.master.on('error', (error) => failures.push(`${end.path}: ${error.message}`));
  }
  first.master.pipe(second.master, { end: false });
  second.master.pipe(first.master, { end: false });
  let closing: Promise<void> | null = null;
  return {
    a: first.path,
    b: second.path,
    close() {
      closing ??= (async () => {
        first.master.unpipe();
        second.master.unpipe();
        await Promise.all([closeEnd(first), closeEnd(second)]);
        if (failures.length > 0)
          throw new Error(`openPtyPair: relay failed: ${failures.join('; ')}`);
      })();
      return closing;
    },
  };
}

async function openEnd(): Promise<End> {
  const { master, slave, pty } = loadNativePty().open(80, 24);
  let holder: Holder;
  try {
    // serialport's open puts the line in raw mode: no echo, no input or output processing.
    holder = await SerialPort.binding.open({ path: pty, baudRate: 9600, lock: false });
  } catch (error) {
    closeSync(master);
    throw new Error(`openPtyPair: cannot set up ${pty}: ${(error as Error).message}`);
  } finally {
    closeSync(slave);
  }
  return { path: pty, master: new ReadStream(master), holder };
}

async function closeEnd(end: End): Promise<void> {
  if (!end.master.destroyed) {
    const closed = new Promise<void>((resolve) => end.master.once('close', () => resolve()));
    end.master.destroy();
    await closed;
  }
  if (end.holder.isOpen) await end.holder.close();
}
