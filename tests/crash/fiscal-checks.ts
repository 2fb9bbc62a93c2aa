/**
 * The fiscal side of the crash campaign: the Shtrih-M ККТ emulator in its own process on its own
 * pty (its ФН in a state file survives every SIGKILL of the kiosk), and the check after every
 * restart: the ФН's receipts are the ledger's fiscalised payments, one each, sums equal, every
 * payment fiscalised, nothing left open in the ККТ.
 */
import { DatabaseSync } from 'node:sqlite';
import { join } from 'node:path';
import { openPtyPair, type PtyPair } from '../support/pty.ts';
import { type JsonLineProcess, type JsonMessage, spawnJsonLines } from './json-line-process.ts';

export type FiscalEmulator = {
  pty: PtyPair;
  process: JsonLineProcess;
  request(command: Record<string, unknown>): Promise<JsonMessage>;
  stop(): Promise<void>;
};

export async function startFiscalEmulator(dir: string, repoRoot: string): Promise<FiscalEmulator> {
  const pty = await openPtyPair();
  const process = spawnJsonLines(
    ['emulators/shtrih/pty-main.ts', pty.b, join(dir, 'fiscal-state.json')],
    {},
    repoRoot,
    (message) => message.type === 'reply' || message.type === 'ready',
  );
  await process.waitFor((message) => message.type === 'ready', 'ККТ emulator ready', 15_000);
  let nextId = 1;
  return {
    pty,
    process,
    async request(command) {
      const id = nextId;
      nextId += 1;
      const sinceIndex = process.received();
      process.send({ id, ...command });
      const reply = await process.waitFor(
        (message) => message.type === 'reply' && message.id === id,
        `ККТ emulator reply to ${String(command.cmd)}`,
        30_000,
        sinceIndex,
      );
      if (reply.ok !== true) throw new Error(`ККТ emulator refused: ${String(reply.error)}`);
      return reply;
    },
    async stop() {
      process.send({ cmd: 'exit' });
      await Promise.race([process.exited, new Promise((resolve) => setTimeout(resolve, 2_000))]);
      await process.kill('SIGKILL');
      await pty.close();
    },
  };
}

type Document = { kind: string; fdNumber: number; totalKopecks: number | null; fnNumber: string };

/** Problems found comparing the ФН with the ledger (empty: they agree). */
export async function fiscalProblems(emulator: FiscalEmulator, dbPath: string): Promise<string[]> {
  const documents = (await emulator.request({ cmd: 'documents' })).documents as Document[];
  const status = (await emulator.request({ cmd: 'status' })).status as { receipt: unknown };
  const receipts = documents.filter((document) => document.kind === 'receipt');
  const db = new DatabaseSync(dbPath, { readOnly: true });
  try {
    const transfers = Number(db.prepare('SELECT COUNT(*) AS n FROM transfer').get()?.n);
    const rows = db
      .prepare(
        `SELECT t.id, t.accepted_kopecks AS accepted, f.state, f.fd_number AS fd,
                f.fn_number AS fn, f.total_kopecks AS total
         FROM transfer t LEFT JOIN fiscal_intent f ON f.transfer_id = t.id ORDER BY f.fd_number`,
      )
      .all() as {
      id: string;
      accepted: number;
      state: string | null;
      fd: number | null;
      fn: string | null;
      total: number | null;
    }[];
    const problems: string[] = [];
    if (status.receipt !== null) problems.push('a receipt is left open in the ККТ');
    const unfiscalised = rows.filter((row) => row.state !== 'issued');
    if (unfiscalised.length > 0) {
      problems.push(
        `${unfiscalised.length} payment(s) not fiscalised: ${unfiscalised
          .map((row) => `${row.id}=${row.state}`)
          .join(', ')}`,
      );
    }
    if (receipts.length !== transfers) {
      problems.push(`${receipts.length} receipts in the ФН for ${transfers} payments`);
    }
    const ledgerDocs = rows
      .filter((row) => row.fd !== null)
      .map((row) => `${row.fn}/${row.fd}=${row.total}`)
      .join(',');
    const fnDocs = receipts
      .map((receipt) => `${receipt.fnNumber}/${receipt.fdNumber}=${receipt.totalKopecks}`)
      .join(',');
    if (ledgerDocs !== fnDocs) problems.push(`ФН receipts ${fnDocs} != ledger ${ledgerDocs}`);
    const wrongSum = rows.filter((row) => row.total !== null && row.total !== row.accepted);
    if (wrongSum.length > 0) problems.push(`${wrongSum.length} receipt total(s) != cash taken`);
    return problems;
  } finally {
    db.close();
  }
}

/** Throws with every problem found, prefixed with the kill it followed. */
export async function checkFiscal(
  emulator: FiscalEmulator,
  dbPath: string,
  label: string,
): Promise<void> {
  const problems = await fiscalProblems(emulator, dbPath);
  if (problems.length > 0) throw new Error(`${label}: ${problems.join('; ')}`);
}
