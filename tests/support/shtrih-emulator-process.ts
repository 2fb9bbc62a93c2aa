/**
 * Runs emulators/shtrih/pty-main.ts (the Shtrih-M ККТ emulator) as its own process on a pty
 * path, with its state in a file: the ФН survives a SIGKILL of the kiosk, and a test reads the
 * ground truth (every signed document) from the process or straight from the file.
 *
 *   const registrar = startShtrihEmulatorProcess(pty.b, stateFile);
 *   await registrar.ready;
 *   await registrar.request({ cmd: 'setPaper', present: false });
 *   const { documents } = await registrar.request({ cmd: 'documents' });
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { type EmulatorMessage, node24Path } from './ccnet-emulator-process.ts';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const REPLY_TIMEOUT_MS = 10_000;
const STOP_TIMEOUT_MS = 3_000;

export type ShtrihEmulatorProcess = {
  messages: EmulatorMessage[];
  ready: Promise<void>;
  request(body: Record<string, unknown>): Promise<EmulatorMessage>;
  /** Every document the ФН signed, oldest first (from the process). */
  documents(): Promise<SignedDocument[]>;
  stop(): Promise<void>;
  kill(): void;
};

/** The fields of an emulated ФН's signed document the tests compare with the ledger. */
export type SignedDocument = {
  fdNumber: number;
  kind: string;
  fiscalSign: number;
  fnNumber: string;
  shiftNumber: number;
  receiptNumber: number | null;
  totalKopecks?: number | null;
  operation?: number | null;
};

/** The documents in a state file written by pty-main.ts (no process needed). */
export function documentsInStateFile(stateFile: string): SignedDocument[] {
  const state = JSON.parse(readFileSync(stateFile, 'utf8')) as { documents: SignedDocument[] };
  return state.documents;
}

export function startShtrihEmulatorProcess(
  ptyPath: string,
  stateFile: string,
  options: object = {},
): ShtrihEmulatorProcess {
  const child = spawn(
    node24Path(),
    [resolve(ROOT, 'emulators/shtrih/pty-main.ts'), ptyPath, stateFile, JSON.stringify(options)],
    { stdio: ['pipe', 'pipe', 'inherit'] },
  );
  const messages: EmulatorMessage[] = [];
  const waiters = new Set<() => void>();
  createInterface({ input: child.stdout! }).on('line', (line) => {
    messages.push(JSON.parse(line) as EmulatorMessage);
    for (const waiter of waiters) waiter();
  });
  const waitFor = (match: (message: EmulatorMessage) => boolean, what: string) =>
    new Promise<EmulatorMessage>((resolvePromise, reject) => {
      const finish = (settle: () => void) => {
        clearTimeout(timer);
        waiters.delete(check);
        child.off('exit', check);
        settle();
      };
      const check = () => {
        const found = messages.find(match);
        if (found) return finish(() => resolvePromise(found));
        if (child.exitCode !== null) finish(() => reject(new Error(`emulator exited: ${what}`)));
      };
      const timer = setTimeout(
        () => finish(() => reject(new Error(`no ${what}`))),
        REPLY_TIMEOUT_MS,
      );
      waiters.add(check);
      child.on('exit', check);
      check();
    });
  let nextId = 1;
  const request = (body: Record<string, unknown>) => {
    const id = `s${nextId++}`;
    child.stdin!.write(`${JSON.stringify({ ...body, id })}\n`);
    return waitFor((message) => message.type === 'reply' && message.id === id, `reply ${id}`);
  };
  return {
    messages,
    ready: waitFor((message) => message.type === 'ready', 'ready line').then(() => {}),
    request,
    async documents() {
      const reply = await request({ cmd: 'documents' });
      return reply.documents as SignedDocument[];
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise((resolvePromise) => child.once('exit', resolvePromise));
      child.stdin!.end();
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    },
    kill() {
      child.kill('SIGKILL');
    },
  };
}
