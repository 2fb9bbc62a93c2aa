/**
 * Operator CLI working directly on the central database (CENTRAL_DATABASE_URL, else
 * central.sqlite in CENTRAL_DATA_DIR, ./central-data); safe while the server runs (short
 * transactions; WAL on SQLite).
 *   node central/cli.ts issue-code <terminalId> [facilityId…]
 *   node central/cli.ts credit <transferId>
 *   node central/cli.ts return <transferId> <reason…>
 *   node central/cli.ts status <transferId>
 *   node central/cli.ts config <terminalId|@web> [field=value…]   (shows it; with fields, changes)
 */
import { configOwnerPattern, TerminalConfigPatchSchema } from '../common/central-wire.ts';
import { TERMINAL_ID_PATTERN } from '../common/signing.ts';
import { openCentralDb } from './db.ts';
import { createTerminalStore } from './terminals.ts';
import { createTransferStore } from './transfers.ts';

const USAGE = `usage:
  node central/cli.ts issue-code <terminalId> [facilityId…]
  node central/cli.ts credit <transferId>
  node central/cli.ts return <transferId> <reason…>
  node central/cli.ts status <transferId>
  node central/cli.ts config <terminalId|@web> [field=value…]
    e.g. config KIOSK-0001 commissionRateBasisPoints=300 supportPhone="8 800 100-00-00"
`;

function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function run(argv: string[]): Promise<void> {
  const [command, subject, ...rest] = argv;
  if (command === undefined || subject === undefined) fail(USAGE, 2);
  const { db } = await openCentralDb(
    process.env.CENTRAL_DATA_DIR ?? './central-data',
    process.env.CENTRAL_DATABASE_URL || null,
  );
  try {
    const transfers = createTransferStore(db);
    const nowMs = Date.now();
    switch (command) {
      case 'issue-code': {
        if (!TERMINAL_ID_PATTERN.test(subject)) fail(`not a terminal id: ${subject}`, 2);
        const issued = await createTerminalStore(db).issueCode(subject, rest, nowMs);
        const expires = new Date(issued.expiresAtMs).toISOString();
        process.stdout.write(`${issued.code}\n`);
        process.stderr.write(`one-time code for ${subject}, valid until ${expires}\n`);
        return;
      }
      case 'credit':
      case 'return': {
        const id = subject.toLowerCase();
        const result =
          command === 'credit'
            ? await transfers.credit(id, nowMs)
            : await transfers.returnToSender(id, rest.join(' ') || 'returned by operator', nowMs);
        if (!result.ok) fail(`${result.error.code}: ${result.error.message}`);
        process.stdout.write(`${result.value.transferId} ${result.value.status}\n`);
        return;
      }
      case 'status': {
        const view = await transfers.get(subject.toLowerCase());
        if (view === null) fail(`no transfer ${subject}`);
        process.stdout.write(`${JSON.stringify(view, null, 2)}\n`);
        return;
      }
      case 'config': {
        if (!configOwnerPattern.test(subject)) fail(`not a terminal id: ${subject}`, 2);
        const configs = createTerminalStore(db).configs;
        if ((await configs.get(subject)) === null) fail(`no terminal ${subject}`);
        if (rest.length > 0) {
          const changed = await configs.change(subject, patchOf(rest), nowMs);
          if (!changed.ok) fail(`${changed.error.code}: ${changed.error.message}`);
        }
        const { rosterPublicKeyPem: _key, ...shown } = (await configs.get(subject)) ?? {};
        process.stdout.write(`${JSON.stringify(shown, null, 2)}\n`);
        return;
      }
      default:
        fail(USAGE, 2);
    }
  } finally {
    await db.close();
  }
}

/** `field=value` pairs; a value is JSON when it parses as JSON, else the text itself. */
function patchOf(pairs: string[]) {
  const raw: Record<string, unknown> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at <= 0) fail(`expected field=value, got ${pair}`, 2);
    const text = pair.slice(at + 1);
    let value: unknown = text;
    try {
      value = JSON.parse(text);
    } catch {
      // plain text, e.g. a phone number
    }
    raw[pair.slice(0, at)] = value;
  }
  const parsed = TerminalConfigPatchSchema.safeParse(raw);
  if (!parsed.success) fail(`bad config change: ${parsed.error.issues[0]?.message ?? '?'}`, 2);
  return parsed.data;
}

await run(process.argv.slice(2));
