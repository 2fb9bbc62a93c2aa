/**
 * A connected pseudo-terminal pair for device tests: bytes written to `a` come out of `b` and
 * back. Backed by `socat -d -d pty,raw,echo=0 pty,raw,echo=0` (install the `socat` package).
 *
 *   const pty = await openPtyPair();
 *   const host = await openSerialLink(pty.a, 9600);   // driver side
 *   const device = await openSerialLink(pty.b, 9600); // emulator side
 *   …
 *   await pty.close(); // after closing both links; kills socat and waits for it to exit
 *
 * A pty ignores baud rate, parity and stop bits, so port settings are unit-tested separately.
 */
import { type ChildProcess, spawn } from 'node:child_process';

export type PtyPair = { a: string; b: string; close(): Promise<void> };

const START_TIMEOUT_MS = 5_000;
const EXIT_TIMEOUT_MS = 2_000;

export async function openPtyPair(): Promise<PtyPair> {
  const child = spawn('socat', ['-d', '-d', 'pty,raw,echo=0', 'pty,raw,echo=0'], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  const paths = await readPtyPaths(child);
  return { a: paths[0], b: paths[1], close: () => stop(child) };
}

function readPtyPaths(child: ChildProcess): Promise<[string, string]> {
  return new Promise((resolve, reject) => {
    const paths: string[] = [];
    let stderr = '';
    const fail = (message: string) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`openPtyPair: ${message}; socat said: ${stderr.trim() || '(nothing)'}`));
    };
    const timer = setTimeout(() => fail('socat did not report two ptys in time'), START_TIMEOUT_MS);
    child.once('error', (error) => fail(`cannot start socat (${error.message}); is it installed?`));
    child.once('exit', (code) => {
      if (paths.length < 2) fail(`socat exited with ${code}`);
    });
    child.stderr?.setEncoding('utf8');
    child.stderr?.on('data', (text: string) => {
      stderr += text;
      // "2024/01/01 00:00:00 socat[123] N PTY is /dev/pts/5"
      for (const match of text.matchAll(/PTY is (\S+)/g)) paths.push(match[1]!);
      if (paths.length >= 2 && /starting data transfer loop/.test(stderr)) {
        clearTimeout(timer);
        resolve([paths[0]!, paths[1]!]);
      }
    });
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), EXIT_TIMEOUT_MS);
  await exited;
  clearTimeout(timer);
}
