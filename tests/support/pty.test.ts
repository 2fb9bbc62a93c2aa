/**
 * The pty pair behaves as a raw null-modem cable: every byte value crosses unchanged both ways
 * with no echo, with the slaves opened plainly (no serial library setting the line up), a killed
 * process that held a slave leaves the pair working, and close() gives every descriptor back.
 */
import { spawn } from 'node:child_process';
import { constants, existsSync, openSync, readdirSync } from 'node:fs';
import { ReadStream } from 'node:tty';
import { describe, expect, it } from 'vitest';
import { openPtyPair } from './pty.ts';

const ALL_BYTES = Uint8Array.from({ length: 256 }, (_, value) => value);
const QUIET_MS = 200;

type PlainEnd = { received: number[]; write(bytes: Uint8Array): Promise<void>; close(): void };

/** Opens a slave as any program would, changing none of its line settings. */
function openPlain(path: string): PlainEnd {
  const stream = new ReadStream(openSync(path, constants.O_RDWR | constants.O_NOCTTY));
  const received: number[] = [];
  stream.on('data', (chunk: Buffer) => received.push(...chunk));
  return {
    received,
    write: (bytes) =>
      new Promise((resolve, reject) =>
        stream.write(bytes, (error) => (error ? reject(error) : resolve())),
      ),
    close: () => stream.destroy(),
  };
}

async function waitFor(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('openPtyPair', () => {
  it('carries all 256 byte values unchanged both ways, with no echo', async () => {
    const pty = await openPtyPair();
    const a = openPlain(pty.a);
    const b = openPlain(pty.b);
    try {
      await a.write(ALL_BYTES);
      await waitFor(() => b.received.length >= ALL_BYTES.length);
      await b.write(ALL_BYTES);
      await waitFor(() => a.received.length >= ALL_BYTES.length);
      await new Promise((resolve) => setTimeout(resolve, QUIET_MS));
      expect(b.received).toEqual([...ALL_BYTES]);
      expect(a.received).toEqual([...ALL_BYTES]);
    } finally {
      a.close();
      b.close();
      await pty.close();
    }
  });

  it('keeps relaying after a process holding a slave is killed', async () => {
    const pty = await openPtyPair();
    const b = openPlain(pty.b);
    const holder = spawn(
      process.execPath,
      [
        '-e',
        `require('node:fs').writeSync(require('node:fs').openSync(process.argv[1], 'r+'), 'up');
       setInterval(() => {}, 1000);`,
        pty.a,
      ],
      { stdio: 'ignore' },
    );
    try {
      await waitFor(() => b.received.length >= 2);
      const exited = new Promise((resolve) => holder.once('exit', resolve));
      holder.kill('SIGKILL');
      await exited;
      const a = openPlain(pty.a);
      await b.write(Uint8Array.of(0x02, 0x03, 0x11));
      await waitFor(() => a.received.length >= 3);
      await a.write(Uint8Array.of(0x0d, 0x0a));
      await waitFor(() => b.received.length >= 4);
      a.close();
      expect(a.received).toEqual([0x02, 0x03, 0x11]);
      expect(b.received).toEqual([...Buffer.from('up'), 0x0d, 0x0a]);
    } finally {
      holder.kill('SIGKILL');
      b.close();
      await pty.close();
    }
  });

  it('gives back every descriptor and both ptys on close', async () => {
    const fdsBefore = readdirSync('/proc/self/fd').length;
    const pty = await openPtyPair();
    expect(existsSync(pty.a) && existsSync(pty.b)).toBe(true);
    await pty.close();
    await pty.close();
    expect(readdirSync('/proc/self/fd').length).toBe(fdsBefore);
    expect(existsSync(pty.a) || existsSync(pty.b)).toBe(false);
  });
});
