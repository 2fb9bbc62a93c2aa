/**
 * Central's terminal configuration over real HTTP: an operator changes it with the admin token,
 * its version grows, the heartbeat answer names that version, and the signed copy verifies with
 * central's key and carries the change. The 115-ФЗ bound is refused whoever asks.
 */
import { createPublicKey, verify } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContractChecker } from '../../central/contract-check.ts';
import { SignedConfigPayloadSchema } from '../../common/central-wire.ts';
import {
  type EnrolledTerminal,
  signedFetch,
  startTestCentral,
  type TestCentral,
} from '../support/central-harness.ts';

const checkContract = createContractChecker();
const configPath = '/v1/admin/terminals/{terminalId}/config';
let server: TestCentral;
let kiosk: EnrolledTerminal;

beforeAll(async () => {
  server = await startTestCentral();
  kiosk = await server.enrolTerminal('kiosk-config-1', ['77-sizo-1']);
});

afterAll(async () => {
  await server.stop();
});

async function heartbeatVersion(): Promise<number | undefined> {
  const answer = await kiosk.client.sendHeartbeat({
    sentAtMs: Date.now(),
    softwareVersion: 'test',
    devices: {
      billAcceptor: { adapter: 'x', health: 'ok', code: 'ok', detail: '', sinceMs: 1 },
      printer: { adapter: 'x', health: 'ok', code: 'ok', detail: '', sinceMs: 1 },
    },
    outboxCount: 0,
    cassetteNoteCount: 0,
    configVersion: 1,
    configFetchedAtMs: Date.now(),
    rosterFetchedAtMs: null,
  });
  if (!answer.ok) throw new Error(JSON.stringify(answer.error));
  return answer.value.configVersion;
}

describe('terminal configuration at central', () => {
  it('an admin change raises the version; heartbeat and signed copy carry it', async () => {
    expect(await heartbeatVersion()).toBe(1);
    const path = `/v1/admin/terminals/${kiosk.terminalId}/config`;
    const changed = await server.admin('POST', path, {
      commissionRateBasisPoints: 400,
      supportPhone: '8 800 100-20-30',
    });
    const body = (await changed.json()) as Record<string, unknown>;
    expect(checkContract('POST', configPath, changed.status, body)).toBeNull();
    expect(body).toMatchObject({ version: 2, commissionRateBasisPoints: 400 });
    expect(await heartbeatVersion()).toBe(2);

    const signed = await kiosk.client.getSignedConfig();
    if (!signed.ok) throw new Error(JSON.stringify(signed.error));
    const key = createPublicKey(server.central.rosterPublicKeyPem);
    const { payload, signature } = signed.value;
    expect(verify(null, Buffer.from(payload), key, Buffer.from(signature, 'base64'))).toBe(true);
    expect(SignedConfigPayloadSchema.parse(JSON.parse(payload))).toMatchObject({
      terminalId: kiosk.terminalId,
      version: 2,
      commissionRateBasisPoints: 400,
      supportPhone: '8 800 100-20-30',
    });
  });

  it('refuses a cap above 15 000 ₽ (115-ФЗ), an unknown terminal, and no admin token', async () => {
    const path = `/v1/admin/terminals/${kiosk.terminalId}/config`;
    const over = await server.admin('POST', path, { paymentKopecksMax: 1_500_001 });
    const body = (await over.json()) as { error: { code: string; message: string } };
    expect(checkContract('POST', configPath, over.status, body)).toBeNull();
    expect(over.status).toBe(422);
    expect(body.error.message).toMatch(/115-ФЗ/);
    const unknown = await server.admin('POST', '/v1/admin/terminals/nobody/config', {});
    expect(unknown.status).toBe(404);
    const anonymous = await fetch(`${server.central.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{}',
    });
    expect(anonymous.status).toBe(401);
    const asKiosk = await signedFetch(server.central.url, kiosk, 'GET', path);
    expect(asKiosk.status).toBe(401);
  });
});
