/**
 * Child process for tests/crash/sync-crash.test.ts: a kiosk's sync side on its own ledger file.
 * It commits payments and runs the outbox sender against central until SIGKILLed; in 'drain'
 * mode it commits nothing and exits once the outbox is empty. JSON lines on stdout.
 */
import { openLedger } from '../../main/ledger/ledger.ts';
import { sampleRecipient } from '../support/ledger-support.ts';
import { silentLogger } from '../../main/log.ts';
import { seededRandom } from '../../main/sync/backoff.ts';
import { outboxTransportOf } from '../../main/sync/central-adapters.ts';
import { createCentralClient } from '../../main/sync/central-client.ts';
import { createOutboxSender } from '../../main/sync/outbox-sender.ts';
import { recoverOpenSessions, seedTransfers } from '../support/sync-support.ts';

const env = (name: string): string => {
  const value = process.env[name];
  if (value === undefined || value === '') throw new Error(`${name} is required`);
  return value;
};
const say = (message: Record<string, unknown>) =>
  process.stdout.write(`${JSON.stringify(message)}\n`);

const ledger = openLedger(env('SYNC_LEDGER'));
const random = seededRandom(Number(env('SYNC_SEED')));
const client = createCentralClient({
  baseUrl: env('SYNC_CENTRAL_URL'),
  terminalId: env('SYNC_TERMINAL_ID'),
  keyStore: JSON.parse(env('SYNC_KEYS')) as { privateKeyPem: string; publicKeyPem: string },
  timeoutMs: 1_000,
});
const sender = createOutboxSender({
  ledger,
  client: outboxTransportOf(client),
  now: Date.now,
  random,
  log: silentLogger(),
  options: { batchCountMax: 5, retryDelayMsBase: 5, retryDelayMsCap: 50, idlePollMs: 20 },
});
const drainMode = env('SYNC_MODE') === 'drain';
sender.onDidChange((status) => {
  say({ type: 'status', pending: status.pendingCount, parked: status.parkedCount });
  if (drainMode && status.pendingCount === 0) {
    say({ type: 'drained' });
    ledger.close();
    process.exit(0);
  }
});
const recovered = recoverOpenSessions(ledger, Date.now());
say({ type: 'ready', pending: sender.status().pendingCount, recovered: recovered.length });
sender.start();
// The sender's timers are unref'd (they must not keep a kiosk from shutting down): hold the
// process open ourselves until the outbox is empty.
const keepAlive = setInterval(() => undefined, 1_000);
void keepAlive;
if (drainMode && sender.status().pendingCount === 0) {
  say({ type: 'drained' });
  process.exit(0);
}

const refs = ['idemo000000000001', 'idemo000000000002', 'idemo000000000003'];
const toCommit = drainMode ? 0 : Number(env('SYNC_NEW_TRANSFERS'));
let committed = 0;
const commitOne = () => {
  if (committed >= toCommit) return;
  const [id] = seedTransfers(ledger, {
    count: 1,
    startMs: Date.now(),
    recipientFor: () => ({
      ...sampleRecipient,
      inmateRef: refs[committed % refs.length]!,
      facilityId: '77-sizo-1',
    }),
    noteKopecksFor: () => 10_000 * (1 + Math.floor(random() * 50)),
  });
  committed += 1;
  say({ type: 'committed', id });
  sender.notify();
  setTimeout(commitOne, Math.floor(random() * 20));
};
commitOne();
