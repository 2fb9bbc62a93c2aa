/**
 * Signed roster export for a terminal's offline search: GET /v1/terminal/roster answers, for
 * the facilities the calling terminal stands at, every inmate in a form that cannot be listed
 * (common/name-match.ts rosterMatchMessage): keyed hashes of the normalised surname, name,
 * birth year and each patronymic prefix, under a key made fresh for this roster version, and
 * the ref, masked name and status sealed (AES-256-GCM) under a key only the right surname +
 * name + year open. No name, key or year is in the clear. Offline search is therefore exact
 * after normalisation; typos need central. The payload is a JSON string signed with central's
 * own Ed25519 key, so the kiosk verifies exactly the bytes that were signed.
 *
 * What this does not stop: whoever holds the file holds the key too (the kiosk must compute
 * the hashes offline), so a dictionary of names × years can be tried against one roster
 * version. That costs a guess per (surname, name, year) per version instead of reading a list.
 */
import {
  createCipheriv,
  createHmac,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  randomBytes,
  sign,
} from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  ROSTER_FORMAT,
  ROSTER_PREFIX_CHARS_MAX,
  rosterMatchMessage,
  rosterSealMessage,
} from '../common/name-match.ts';
import { maskedName } from '../common/names.ts';
import { type CentralDb, statement } from './db.ts';
import { makePrivateDir } from '../platform/private-files.ts';
import { type RouteContext, route, terminalOf } from './http.ts';

export { ROSTER_FORMAT };
/** Upper bound on inmates in one export: a handful of big facilities, never a whole region. */
const ROSTER_INMATES_MAX = 100_000;
/** Bytes of HMAC-SHA-256 kept per hash: 128 bits, no collisions among a roster's entries. */
const MATCH_HASH_BYTES = 16;
const KEY_FILE = 'roster-signing-key.pem';

export type RosterSigner = { publicKeyPem: string; sign(payload: string): string };

/** Central's roster key from dataDir, created on first use (the private key stays there). */
export function loadRosterSigner(dataDir: string): RosterSigner {
  makePrivateDir(dataDir);
  const path = join(dataDir, KEY_FILE);
  if (!existsSync(path)) {
    const { privateKey } = generateKeyPairSync('ed25519');
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    writeFileSync(path, pem, { mode: 0o600, flag: 'wx' });
  }
  const privateKey = createPrivateKey(readFileSync(path, 'utf8'));
  const publicKeyPem = createPublicKey(privateKey)
    .export({ type: 'spki', format: 'pem' })
    .toString();
  return {
    publicKeyPem,
    sign: (payload) => sign(null, Buffer.from(payload, 'utf8'), privateKey).toString('base64'),
  };
}

export type InmateRow = {
  ref: string;
  surname: string;
  name: string;
  patronymic: string;
  birth_year: number;
  status: string;
  surname_key: string;
  name_key: string;
  patronymic_key: string;
};

/** A keyed hash as the roster carries it (base64url, 22 characters). */
export function rosterHash(key: Buffer, message: string): string {
  return createHmac('sha256', key)
    .update(message, 'utf8')
    .digest()
    .subarray(0, MATCH_HASH_BYTES)
    .toString('base64url');
}

/** What only the right name + year opens: iv ‖ tag ‖ AES-256-GCM ciphertext, base64. */
function seal(key: Buffer, message: string, plaintext: string): string {
  const sealKey = createHmac('sha256', key).update(message, 'utf8').digest();
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', sealKey, iv);
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64');
}

/** One inmate as the kiosk may hold it: hashes and a sealed box, nothing readable. */
export function rosterEntry(key: Buffer, row: InmateRow) {
  const keys = { surname: row.surname_key, name: row.name_key };
  const patronymic = row.patronymic_key.slice(0, ROSTER_PREFIX_CHARS_MAX);
  const prefixes: string[] = [];
  for (let length = 1; length <= patronymic.length; length += 1) {
    prefixes.push(
      rosterHash(key, rosterMatchMessage(row.birth_year, keys, patronymic.slice(0, length))),
    );
  }
  const sealed = JSON.stringify({
    inmateRef: row.ref,
    maskedName: maskedName(row.surname, row.name, row.patronymic),
    accountStatus: row.status,
    hasPatronymic: row.patronymic_key.length > 0,
  });
  return {
    lookup: rosterHash(key, rosterMatchMessage(row.birth_year, keys, '')),
    // Sorted, so the order says nothing about which prefix is which.
    prefixes: prefixes.sort(),
    sealed: seal(key, rosterSealMessage(row.birth_year, keys), sealed),
  };
}

export async function rosterPayload(
  db: CentralDb,
  terminalId: string,
  facilityIds: readonly string[],
  nowMs: number,
): Promise<string> {
  const facilityStatement = statement(
    db,
    'SELECT short_name FROM facilities WHERE id = ? AND active = 1',
  );
  const inmatesStatement = statement(
    db,
    `SELECT ref, surname, name, patronymic, birth_year, status, surname_key, name_key,
       patronymic_key FROM inmates WHERE facility_id = ? ORDER BY ref LIMIT ?`,
  );
  // A fresh key per roster version: a table of guesses made for one copy fits no other.
  const matchKey = randomBytes(32);
  let budget = ROSTER_INMATES_MAX;
  const facilities = [];
  for (const facilityId of facilityIds) {
    const facility = await facilityStatement.get<{ short_name: string }>(facilityId);
    if (facility === undefined || budget <= 0) continue;
    const rows = await inmatesStatement.all<InmateRow>(facilityId, budget);
    budget -= rows.length;
    const inmates = rows.map((row) => rosterEntry(matchKey, row));
    // Sorted by lookup hash: the order of refs (and so of arrival) is not kept either.
    inmates.sort((a, b) => (a.lookup < b.lookup ? -1 : a.lookup > b.lookup ? 1 : 0));
    facilities.push({ facilityId, facilityName: facility.short_name, inmates });
  }
  return JSON.stringify({
    format: ROSTER_FORMAT,
    terminalId,
    generatedAtMs: nowMs,
    matchKey: matchKey.toString('base64'),
    facilities,
  });
}

export function registerRosterRoutes(
  context: RouteContext,
  db: CentralDb,
  signer: RosterSigner,
): void {
  const terminalStatement = statement(db, 'SELECT facility_ids FROM terminals WHERE id = ?');
  route(context, 'GET', '/v1/terminal/roster', 'terminal', async (request) => {
    const terminalId = terminalOf(request);
    const row = await terminalStatement.get<{ facility_ids: string }>(terminalId);
    const facilityIds = row === undefined ? [] : (JSON.parse(row.facility_ids) as string[]);
    const payload = await rosterPayload(db, terminalId, facilityIds, context.nowMs());
    return { payload, signature: signer.sign(payload) };
  });
}
