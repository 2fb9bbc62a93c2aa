/**
 * What the fleet simulator needs before it runs: central processes, terminals with their own
 * Ed25519 keys known to central, payers with money on their wallets, and the people they
 * pay. Terminals are enrolled over HTTP (a one-time code, then the key), or for a fleet of
 * tens of thousands written straight into central's terminals table, which is where an
 * enrolment ends: either way each has its own key and signs every request.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { CentralDb } from '../../central/db.ts';
import { signedHeaders } from '../support/registry-client.ts';
import type { SimPayer, SimRecipient, SimTerminal } from './fleet-sim.ts';

const PASSWORD = 'Летний сад 2026';
const TOP_UP_KOPECKS = 5_000_000;

function keyPair() {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return { privateKey, publicKeyPem: publicKey.export({ type: 'spki', format: 'pem' }).toString() };
}

/** Terminals SIM-<firstIndex…>, each with its own key, written as an enrolment leaves them. */
export async function provisionTerminals(
  db: CentralDb,
  count: number,
  facilityIds: readonly string[],
  nowMs: number,
  firstIndex = 0,
): Promise<SimTerminal[]> {
  const terminals: SimTerminal[] = [];
  const rows: (string | number)[][] = [];
  for (let index = firstIndex; index < firstIndex + count; index += 1) {
    const terminalId = `SIM-${String(index).padStart(6, '0')}`;
    const { privateKey, publicKeyPem } = keyPair();
    terminals.push({ terminalId, privateKey });
    const facility = facilityIds[index % facilityIds.length]!;
    rows.push([terminalId, publicKeyPem, nowMs, JSON.stringify([facility]), nowMs]);
  }
  for (let at = 0; at < rows.length; at += 500) {
    const batch = rows.slice(at, at + 500);
    await db.run(
      `INSERT INTO terminals (id, public_key_pem, enrolled_at_ms, facility_ids, created_at_ms)
         VALUES ${batch.map(() => '(?, ?, ?, ?, ?)').join(', ')}
         ON CONFLICT (id) DO UPDATE SET public_key_pem = excluded.public_key_pem`,
      ...batch.flat(),
    );
  }
  return terminals;
}

export async function admin(
  url: string,
  token: string,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
) {
  const response = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  if (response.status >= 300)
    throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return response.json() as Promise<Record<string, unknown>>;
}

/** The six-digit code of the newest SMS to `phone`, read from the development gateway. */
export async function lastSmsCode(url: string, adminToken: string, phone: string): Promise<string> {
  const path = `/v1/dev/sms?phone=${encodeURIComponent(phone)}`;
  const sms = await admin(url, adminToken, 'GET', path);
  const messages = sms.messages as { text: string }[];
  return /(\d{6})/.exec(messages.at(-1)?.text ?? '')?.[1] ?? 'none';
}

/** Terminals enrolled as a kiosk enrols: a code from the operator, then its public key. */
export async function enrolTerminals(
  url: string,
  adminToken: string,
  count: number,
  facilityIds: readonly string[],
): Promise<SimTerminal[]> {
  const terminals: SimTerminal[] = [];
  for (let index = 0; index < count; index += 1) {
    const terminalId = `SIM-${String(index).padStart(6, '0')}`;
    const facilityId = facilityIds[index % facilityIds.length]!;
    const issued = await admin(url, adminToken, 'POST', '/v1/admin/enrolment-codes', {
      terminalId,
      facilityIds: [facilityId],
    });
    const { privateKey, publicKeyPem } = keyPair();
    const enrolled = await fetch(`${url}/v1/terminals/enrol`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ terminalId, code: issued.code, publicKeyPem }),
    });
    if (enrolled.status !== 201) throw new Error(`enrol ${terminalId}: ${enrolled.status}`);
    terminals.push({ terminalId, privateKey });
  }
  return terminals;
}

/**
 * Payers registered from their own app (SMS code read from the development gateway), each
 * with cash put on the wallet at a kiosk (`cashier`).
 */
export async function registerPayers(
  url: string,
  adminToken: string,
  count: number,
  cashier: SimTerminal,
): Promise<SimPayer[]> {
  const payers: SimPayer[] = [];
  for (let index = 0; index < count; index += 1) {
    // Different number prefixes: the SMS budget caps codes per prefix and hour.
    const phone = `+79${String(10 + index).padStart(2, '0')}${String(5_550_000 + index)}`;
    const json = { 'content-type': 'application/json' };
    const post = (path: string, body: unknown) =>
      fetch(`${url}${path}`, { method: 'POST', headers: json, body: JSON.stringify(body) });
    await post('/v1/payer/sms-codes', { phone, purpose: 'register' });
    const code = await lastSmsCode(url, adminToken, phone);
    const registered = await post('/v1/payer/register', {
      phone,
      code,
      password: PASSWORD,
      displayName: `Плательщик ${index}`,
    });
    if (registered.status !== 201 && registered.status !== 200) {
      throw new Error(`register ${phone}: ${registered.status} ${await registered.text()}`);
    }
    const { accountId } = (await registered.json()) as { accountId: string };
    await topUp(url, cashier, accountId);
    payers.push({ phone, password: PASSWORD, accountId });
  }
  return payers;
}

async function topUp(url: string, cashier: SimTerminal, accountId: string): Promise<void> {
  const path = '/v1/terminal/wallet-top-ups';
  const time = Date.now().toString(16).padStart(12, '0');
  const random = randomBytes(10).toString('hex');
  const topUpId = `${time.slice(0, 8)}-${time.slice(8)}-7${random.slice(0, 3)}-8${random.slice(3, 6)}-${random.slice(6, 18)}`;
  const bodyText = JSON.stringify({
    topUpId,
    accountId,
    amountKopecks: TOP_UP_KOPECKS,
    kioskCreatedAtMs: Date.now(),
  });
  const headers = signedHeaders({
    keyId: cashier.terminalId,
    privateKeyPem: cashier.privateKey,
    method: 'POST',
    target: path,
    bodyText,
    idempotencyKey: topUpId,
  });
  const response = await fetch(`${url}${path}`, { method: 'POST', headers, body: bodyText });
  if (response.status !== 201)
    throw new Error(`top-up: ${response.status} ${await response.text()}`);
}

export const PAYER_TOP_UP_KOPECKS = TOP_UP_KOPECKS;

/** Active people to pay, in a fixed order (the plan names them by index). */
export async function recipientsOf(db: CentralDb, count: number): Promise<SimRecipient[]> {
  const rows = await db.all<{
    ref: string;
    facility_id: string;
    surname: string;
    name: string;
    birth_year: number;
  }>(
    `SELECT ref, facility_id, surname, name, birth_year FROM inmates WHERE status = 'active'
       ORDER BY ref LIMIT ?`,
    count,
  );
  return rows.map((row) => ({
    ref: row.ref,
    facilityId: row.facility_id,
    surname: row.surname,
    name: row.name,
    birthYear: row.birth_year,
  }));
}

export type CentralProcesses = { urls: string[]; stop(): Promise<void> };

/**
 * `count` central processes (central/start.ts children) on one database: the same data
 * directory (roster key, tracking secret) and CENTRAL_DATABASE_URL, started one after the
 * other so the first creates the keys the others read.
 */
export async function startCentralProcesses(
  count: number,
  env: { dataDir: string; databaseUrl: string | null; adminToken: string },
): Promise<CentralProcesses> {
  const children: ChildProcess[] = [];
  const urls: string[] = [];
  const node = join(process.cwd(), 'node_modules/.bin/node');
  const stop = async () => {
    await Promise.all(
      children.map(
        (child) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null) return resolve();
            child.once('exit', () => resolve());
            child.kill('SIGTERM');
          }),
      ),
    );
  };
  try {
    for (let index = 0; index < count; index += 1) {
      const child = spawn(node, ['central/start.ts'], {
        env: {
          ...process.env,
          CENTRAL_DATA_DIR: env.dataDir,
          CENTRAL_DATABASE_URL: env.databaseUrl ?? '',
          CENTRAL_ADMIN_TOKEN: env.adminToken,
          CENTRAL_PORT: '0',
        },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      children.push(child);
      urls.push(await listeningUrl(child));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { urls, stop };
}

function listeningUrl(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      const found = /(http:\/\/[^\s]+)/.exec(buffer);
      if (found !== null) resolve(found[1]!);
    });
    child.once('exit', (code) => reject(new Error(`central exited at start (${code})`)));
  });
}
