import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, describe, expect, it } from 'vitest';
import type { ByteLink } from '../../protocol/link.ts';
import { openSerialLink } from '../../protocol/serial-link.ts';
import * as basic from '../../protocol/shtrih/commands.ts';
import { fnStatus } from '../../protocol/shtrih/status-commands.ts';
import { node24Path } from '../../tests/support/ccnet-emulator-process.ts';
import { openPtyPair, type PtyPair } from '../../tests/support/pty.ts';
import type { IssuedDocument } from './state.ts';
import { TestHost } from './test-host.ts';
import { agentReceiptMessages } from './test-receipt.ts';

const MAIN = resolve(import.meta.dirname, 'pty-main.ts');

type Line = Record<string, unknown> & { type: string };

/** The emulator process: its stdout lines and a request/reply helper over its stdin. */
function startDevice(ptyPath: string, stateFile: string) {
  const child = spawn(node24Path(), [MAIN, ptyPath, stateFile], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const lines: Line[] = [];
  const waiters = new Set<() => void>();
  createInterface({ input: child.stdout! }).on('line', (text) => {
    lines.push(JSON.parse(text) as Line);
    for (const waiter of waiters) waiter();
  });
  const waitFor = (match: (line: Line) => boolean) =>
    new Promise<Line>((done, fail) => {
      const timer = setTimeout(() => fail(new Error('emulator: no answer')), 10_000);
      const check = () => {
        const found = lines.find(match);
        if (!found) return;
        clearTimeout(timer);
        waiters.delete(check);
        done(found);
      };
      waiters.add(check);
      check();
    });
  let nextId = 1;
  return {
    child,
    lines,
    ready: waitFor((line) => line.type === 'ready'),
    request(body: Record<string, unknown>) {
      const id = nextId++;
      child.stdin!.write(`${JSON.stringify({ ...body, id })}\n`);
      return waitFor((line) => line.type === 'reply' && line.id === id);
    },
  };
}

async function kill(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((done) => child.once('exit', done));
  child.kill('SIGKILL');
  await exited;
}

describe('Shtrih emulator process on a pty', () => {
  let pair: PtyPair | null = null;
  let hostLink: ByteLink | null = null;
  const children: ChildProcess[] = [];
  const directory = mkdtempSync(join(tmpdir(), 'shtrih-emulator-'));

  afterEach(async () => {
    for (const child of children) await kill(child);
    await hostLink?.close();
    await pair?.close();
    rmSync(directory, { recursive: true, force: true });
  });

  it('answers real frames, and keeps its ФН in the state file across a SIGKILL', async () => {
    pair = await openPtyPair();
    const stateFile = join(directory, 'shtrih-state.json');
    const first = startDevice(pair.b, stateFile);
    children.push(first.child);
    await first.ready;
    hostLink = await openSerialLink(pair.a, 115_200);
    const host = new TestHost(hostLink);
    await host.exchange(basic.openShift.encodeRequest({ password: 30 }));
    const receipt = { principalKopecks: 50_000, feeKopecks: 1_500, cashKopecks: 51_500 };
    for (const message of agentReceiptMessages(receipt)) await host.exchange(message);
    const reply = await first.request({ cmd: 'documents' });
    const documents = reply.documents as IssuedDocument[];
    expect(documents.map((doc) => [doc.kind, doc.fdNumber])).toEqual([
      ['shift-open', 1],
      ['receipt', 2],
    ]);
    expect(first.lines.filter((line) => line.type === 'document')).toHaveLength(2);

    await kill(first.child);
    const onDisk = JSON.parse(readFileSync(stateFile, 'utf8')) as { documents: IssuedDocument[] };
    expect(onDisk.documents).toEqual(documents);

    const second = startDevice(pair.b, stateFile);
    children.push(second.child);
    await second.ready;
    const fn = await host.exchange(fnStatus.encodeRequest({ password: 30 }));
    expect(fn.at(-4)).toBe(2); // last FD survived
    for (const message of agentReceiptMessages(receipt)) await host.exchange(message);
    const status = (await second.request({ cmd: 'status' })).status as {
      shift: { number: number; receiptCount: number };
      fn: { lastFdNumber: number };
    };
    expect(status.shift).toMatchObject({ number: 1, receiptCount: 2 });
    expect(status.fn.lastFdNumber).toBe(3);
    const refused = await second.request({ cmd: 'setPaper', present: 'no' });
    expect(refused).toMatchObject({ ok: false });
  });
});
