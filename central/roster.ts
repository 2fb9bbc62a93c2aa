/**
 * Signed roster export for a terminal's offline search: GET /v1/terminal/roster answers, for
 * the facilities the calling terminal stands at, every inmate as a masked name, the search keys
 * of common/names.ts (already in the inmates table), birth year and the opaque ref — never a
 * full name. The payload is a JSON string signed with central's own Ed25519 key, so the kiosk
 * verifies exactly the bytes that were signed before it trusts a cached copy on disk.
 */
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { maskedName } from '../common/names.ts';
import type { CentralDb } from './db.ts';
import { makePrivateDir } from './private-files.ts';
import { type RouteContext, route, terminalOf } from './http.ts';

export const ROSTER_FORMAT = 'kiosk-roster-v1';
/** Upper bound on inmates in one export: a handful of big facilities, never a whole region. */
const ROSTER_INMATES_MAX = 200_000;
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

type InmateRow = {
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

export function rosterPayload(
  db: CentralDb,
  terminalId: string,
  facilityIds: readonly string[],
  nowMs: number,
): string {
  const facilityStatement = db.prepare(
    'SELECT short_name FROM facilities WHERE id = ? AND active = 1',
  );
  const inmatesStatement = db.prepare(
    `SELECT ref, surname, name, patronymic, birth_year, status, surname_key, name_key,
       patronymic_key FROM inmates WHERE facility_id = ? ORDER BY ref LIMIT ?`,
  );
  let budget = ROSTER_INMATES_MAX;
  const facilities = [];
  for (const facilityId of facilityIds) {
    const facility = facilityStatement.get(facilityId) as { short_name: string } | undefined;
    if (facility === undefined || budget <= 0) continue;
    const rows = inmatesStatement.all(facilityId, budget) as InmateRow[];
    budget -= rows.length;
    facilities.push({
      facilityId,
      facilityName: facility.short_name,
      inmates: rows.map((row) => ({
        inmateRef: row.ref,
        maskedName: maskedName(row.surname, row.name, row.patronymic),
        birthYear: row.birth_year,
        accountStatus: row.status,
        surnameKey: row.surname_key,
        nameKey: row.name_key,
        patronymicKey: row.patronymic_key,
      })),
    });
  }
  return JSON.stringify({ format: ROSTER_FORMAT, terminalId, generatedAtMs: nowMs, facilities });
}

export function registerRosterRoutes(
  context: RouteContext,
  db: CentralDb,
  signer: RosterSigner,
): void {
  const terminalStatement = db.prepare('SELECT facility_ids FROM terminals WHERE id = ?');
  route(context, 'GET', '/v1/terminal/roster', 'terminal', async (request) => {
    const terminalId = terminalOf(request);
    const row = terminalStatement.get(terminalId) as { facility_ids: string } | undefined;
    const facilityIds = row === undefined ? [] : (JSON.parse(row.facility_ids) as string[]);
    const payload = rosterPayload(db, terminalId, facilityIds, context.nowMs());
    return { payload, signature: signer.sign(payload) };
  });
}
