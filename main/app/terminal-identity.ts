import {
  chmodSync,
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { err, ok, type Result } from '../../common/result.ts';
import { type CentralClient, createCentralClient } from '../sync/central-client.ts';
import { generateTerminalKeys, type TerminalKeys } from '../sync/signing.ts';

/**
 * The terminal's Ed25519 identity: generated on the kiosk at enrolment, kept in
 * KIOSK_DATA_DIR/keys/terminal.json (0600), never sent anywhere but its public half.
 */
const IdentitySchema = z.object({
  terminalId: z.string().regex(/^[A-Za-z0-9-]{3,32}$/),
  privateKeyPem: z.string().includes('PRIVATE KEY'),
  publicKeyPem: z.string().includes('PUBLIC KEY'),
  centralUrl: z.string().url(),
  enrolledAtMs: z.number().int().nonnegative(),
  /** Central's roster-signing key, when central sent it at enrolment. */
  centralRosterPublicKeyPem: z.string().includes('PUBLIC KEY').nullable().default(null),
});
export type TerminalIdentity = z.infer<typeof IdentitySchema>;

export type IdentityError = { kind: 'identity'; message: string };

const fileOf = (dataDir: string) => path.join(dataDir, 'keys', 'terminal.json');

export function readIdentity(dataDir: string): Result<TerminalIdentity | null, IdentityError> {
  let text: string;
  try {
    text = readFileSync(fileOf(dataDir), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return ok(null);
    return err({ kind: 'identity', message: `cannot read terminal keys: ${String(error)}` });
  }
  try {
    const parsed = IdentitySchema.safeParse(JSON.parse(text));
    if (parsed.success) return ok(parsed.data);
    return err({
      kind: 'identity',
      message: `terminal keys file is invalid: ${parsed.error.message}`,
    });
  } catch {
    return err({ kind: 'identity', message: 'terminal keys file is not JSON' });
  }
}

function writeIdentity(dataDir: string, identity: TerminalIdentity): void {
  const file = fileOf(dataDir);
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.tmp`;
  const fd = openSync(temporary, 'w', 0o600);
  try {
    writeSync(fd, JSON.stringify(identity, null, 2));
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(temporary, file);
  chmodSync(file, 0o600);
}

export const centralTimeoutMs = { search: 3_000, sync: 10_000 } as const;

export function clientFor(
  identity: Pick<TerminalIdentity, 'terminalId' | 'centralUrl'> & { keys: TerminalKeys | null },
  timeoutMs: number,
): CentralClient {
  return createCentralClient({
    baseUrl: identity.centralUrl,
    terminalId: identity.terminalId,
    keyStore: identity.keys,
    timeoutMs,
  });
}

/** Generates a key pair, enrols it with the one-time code, and stores it only on success. */
export async function enrolTerminal(options: {
  dataDir: string;
  centralUrl: string;
  terminalId: string;
  code: string;
  now: () => number;
}): Promise<Result<TerminalIdentity, { kind: string; message: string }>> {
  const keys = generateTerminalKeys();
  const client = clientFor(
    { terminalId: options.terminalId, centralUrl: options.centralUrl, keys },
    centralTimeoutMs.sync,
  );
  const answer = await client.enrol(options.code);
  if (!answer.ok) {
    const error = answer.error;
    const message = error.kind === 'http' ? `${error.code}: ${error.message}` : error.message;
    return err({ kind: `enrol-${error.kind}`, message });
  }
  const identity: TerminalIdentity = {
    terminalId: options.terminalId,
    ...keys,
    centralUrl: options.centralUrl,
    enrolledAtMs: answer.value.enrolledAtMs,
    centralRosterPublicKeyPem: await centralKeyOf(client),
  };
  writeIdentity(options.dataDir, identity);
  return ok(identity);
}

/**
 * Central's signing key (roster and terminal configuration), learnt once over the channel the
 * operator just enrolled on with a one-time code, and pinned in the identity file: every later
 * roster and configuration must verify against it, so a central that changes its key needs
 * the terminal enrolled again. Null when central did not answer (pinCentralKey retries).
 */
async function centralKeyOf(client: CentralClient): Promise<string | null> {
  const config = await client.getConfig();
  if (!config.ok) return null;
  const pem = config.value.rosterPublicKeyPem;
  return pem.includes('PUBLIC KEY') ? pem : null;
}

/** An identity enrolled while central's key could not be read: read it now and pin it. */
export async function pinCentralKey(
  dataDir: string,
  identity: TerminalIdentity,
): Promise<TerminalIdentity> {
  if (identity.centralRosterPublicKeyPem !== null) return identity;
  const keys = { privateKeyPem: identity.privateKeyPem, publicKeyPem: identity.publicKeyPem };
  const pem = await centralKeyOf(clientFor({ ...identity, keys }, centralTimeoutMs.sync));
  if (pem === null) return identity;
  const pinned = { ...identity, centralRosterPublicKeyPem: pem };
  writeIdentity(dataDir, pinned);
  return pinned;
}
