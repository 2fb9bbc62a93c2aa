/**
 * Letters at the facility over real HTTP against a real central (SQLite here, PostgreSQL in
 * the `central-postgres` project): only facility staff whose scope holds the letter's
 * facility may mark it delivered and attach the scanned reply; the file is checked by its
 * bytes and its size with a clear refusal; the payer gets exactly one SMS, sees the status and
 * reads the reply (and no other payer can); every act is in the audit log.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createContractChecker } from '../../central/contract-check.ts';
import { uuidV7 } from '../support/central-harness.ts';
import {
  type ConsoleRig,
  type ConsoleSession,
  STRONG_PASSWORD,
  startConsoleRig,
} from '../support/console-fleet.ts';
import { registeredPayer } from './payer-app-support.ts';
import { kioskFetch, webFetch } from './payer-web-helpers.ts';

const checkContract = createContractChecker();
let rig: ConsoleRig;
let admin: ConsoleSession;
let staff: ConsoleSession;
let payer: { phone: string; session: string; accountId: string };
let letterId = '';
let noBlanksLetterId = '';

/** A real 1×1 PNG. */
const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);

async function sendLetter(replyBlanks: number): Promise<string> {
  const letter = {
    letterId: uuidV7(),
    inmateRef: 'idemo000000000001',
    text: 'Здравствуй, Ваня! У нас всё хорошо. Пиши.',
    replyBlanks,
    paidFrom: 'wallet',
    kioskCreatedAtMs: Date.now(),
  };
  const sent = await webFetch(rig.url, 'POST', '/v1/payer/letters', {
    session: payer.session,
    body: letter,
    key: letter.letterId,
  });
  expect(sent.status).toBe(201);
  return letter.letterId;
}

async function smsTo(phone: string): Promise<string[]> {
  const answer = await rig.server.admin('GET', `/v1/dev/sms?phone=${encodeURIComponent(phone)}`);
  return ((await answer.json()) as { messages: { text: string }[] }).messages.map((m) => m.text);
}

const upload = (session: ConsoleSession, id: string, bytes: Buffer, contentType?: string) =>
  session.post(`/v1/console/letters/${id}/reply`, {
    fileName: 'scan.png',
    dataBase64: bytes.toString('base64'),
    ...(contentType === undefined ? {} : { contentType }),
  });

beforeAll(async () => {
  rig = await startConsoleRig();
  admin = await rig.login('admin');
  const user = (login: string, scope: object) =>
    rig.createUser({
      login,
      displayName: login,
      role: 'facility-staff',
      scope,
      password: STRONG_PASSWORD,
    });
  await user('sizo1-office', { regions: [], terminals: [], facilities: ['77-sizo-1'] });
  await user('sizo2-office', { regions: [], terminals: [], facilities: ['77-sizo-2'] });
  await user('spb-office', { regions: ['78'], terminals: [] });
  await user('msk-office', { regions: ['77'], terminals: [] });
  staff = await rig.login('sizo1-office');
  payer = await registeredPayer(rig.server);
  const terminal = rig.terminals.get('MSK-SIZO1-01')!;
  const topUpId = uuidV7();
  const topUp = await kioskFetch(rig.url, terminal, 'POST', '/v1/terminal/wallet-top-ups', {
    body: { topUpId, accountId: payer.accountId, amountKopecks: 50_000, kioskCreatedAtMs: 1 },
    key: topUpId,
  });
  expect(topUp.status).toBe(201);
  letterId = await sendLetter(2);
  noBlanksLetterId = await sendLetter(0);
}, 120_000);

afterAll(async () => {
  await rig.stop();
});

describe('who may handle a letter', () => {
  it('facility staff see their facility’s letters with the full name and text, and no fleet', async () => {
    const answer = await staff.get('/v1/console/letters');
    const body = (await answer.json()) as {
      letters: { letterId: string; recipientName: string }[];
    };
    expect(checkContract('GET', '/v1/console/letters', answer.status, body)).toBeNull();
    const mine = body.letters.find((letter) => letter.letterId === letterId);
    expect(mine).toMatchObject({
      recipientName: 'Иванов Иван Иванович',
      text: expect.stringContaining('Ваня'),
      status: 'accepted',
      replyBlanks: 2,
      reply: null,
    });
    expect((await staff.get('/v1/console/fleet')).status).toBe(403);
    expect((await staff.get('/v1/console/alerts')).status).toBe(403);
  });

  it('staff of another facility or region find no such letter (404) and change nothing', async () => {
    for (const login of ['sizo2-office', 'spb-office']) {
      const other = await rig.login(login);
      const list = (await (await other.get('/v1/console/letters')).json()) as {
        letters: unknown[];
      };
      expect(list.letters).toEqual([]);
      expect((await other.post(`/v1/console/letters/${letterId}/delivered`)).status).toBe(404);
      const refused = await upload(other, letterId, PNG);
      expect(refused.status).toBe(404);
    }
  });

  it('staff scoped by the region see the letters of its facilities', async () => {
    const region = await rig.login('msk-office');
    const answer = await region.get('/v1/console/letters?status=accepted');
    const body = (await answer.json()) as { letters: { letterId: string; status: string }[] };
    expect(body.letters.map((letter) => letter.letterId)).toContain(letterId);
    expect(body.letters.every((letter) => letter.status === 'accepted')).toBe(true);
  });

  it('an administrator reads the letters but may not attach (the facility’s own act)', async () => {
    const list = (await (await admin.get('/v1/console/letters')).json()) as {
      letters: { letterId: string }[];
    };
    expect(list.letters.map((letter) => letter.letterId)).toContain(letterId);
    const refused = await upload(admin, letterId, PNG);
    expect(refused.status).toBe(403);
    expect((await admin.post(`/v1/console/letters/${letterId}/delivered`)).status).toBe(403);
    const viewer = await webFetch(rig.url, 'GET', `/v1/payer/letters/${letterId}/reply`, {
      session: payer.session,
    });
    expect(viewer.status).toBe(404);
  });
});

describe('the reply', () => {
  it('marks the letter delivered', async () => {
    const answer = await staff.post(`/v1/console/letters/${letterId}/delivered`);
    const body = (await answer.json()) as Record<string, unknown>;
    expect(checkContract('POST', '/v1/console/letters/{letterId}/delivered', 200, body)).toBeNull();
    expect(body).toMatchObject({ status: 'delivered', deliveredAtMs: expect.any(Number) });
    const history = await webFetch(rig.url, 'GET', '/v1/payer/history', { session: payer.session });
    const { letters } = (await history.json()) as {
      letters: { letterId: string; status: string }[];
    };
    expect(letters.find((letter) => letter.letterId === letterId)?.status).toBe('delivered');
  });

  it('refuses a wrong type, a mismatched declaration, an oversize file and a letter without blanks', async () => {
    const text = Buffer.from('<script>alert(1)</script>');
    const notAnImage = await upload(staff, letterId, text, 'image/png');
    expect(notAnImage.status).toBe(415);
    expect(await notAnImage.json()).toMatchObject({
      error: {
        code: 'unsupported-file-type',
        message: expect.stringContaining('PNG, JPEG or PDF'),
      },
    });
    const mismatch = await upload(staff, letterId, PNG, 'application/pdf');
    expect(mismatch.status).toBe(415);
    expect(await mismatch.json()).toMatchObject({ error: { code: 'file-type-mismatch' } });
    const big = Buffer.concat([PNG, Buffer.alloc(5 * 1024 * 1024)]);
    const oversize = await upload(staff, letterId, big, 'image/png');
    expect(oversize.status).toBe(413);
    expect(await oversize.json()).toMatchObject({
      error: { code: 'file-too-large', message: expect.stringContaining('5 MB') },
    });
    const noBlanks = await upload(staff, noBlanksLetterId, PNG, 'image/png');
    expect(noBlanks.status).toBe(422);
    expect(await noBlanks.json()).toMatchObject({ error: { code: 'no-reply-blanks' } });
    expect(await smsTo(payer.phone)).not.toContainEqual(expect.stringContaining('ответ'));
  });

  it('attaches a PNG once, answers the letter and sends exactly one SMS', async () => {
    const before = (await smsTo(payer.phone)).length;
    const answer = await upload(staff, letterId, PNG, 'image/png');
    const body = (await answer.json()) as Record<string, unknown>;
    expect(answer.status).toBe(200);
    expect(checkContract('POST', '/v1/console/letters/{letterId}/reply', 200, body)).toBeNull();
    expect(body).toMatchObject({
      status: 'answered',
      reply: { contentType: 'image/png', sizeBytes: PNG.length },
    });
    const again = await upload(staff, letterId, PNG, 'image/png');
    expect(again.status).toBe(409);
    const messages = await smsTo(payer.phone);
    expect(messages.length).toBe(before + 1);
    expect(messages.at(-1)).toContain('Пришёл ответ на ваше письмо');
  });

  it('a payer who turned reply SMS off gets the reply and no SMS', async () => {
    const off = await webFetch(rig.url, 'POST', '/v1/payer/notifications', {
      session: payer.session,
      body: { preferences: [{ kind: 'letter-reply', sms: false }] },
    });
    expect(off.status).toBe(200);
    const quiet = await sendLetter(1);
    const before = (await smsTo(payer.phone)).length;
    const answer = await upload(staff, quiet, PNG, 'image/png');
    expect(answer.status).toBe(200);
    expect(await answer.json()).toMatchObject({ status: 'answered' });
    expect((await smsTo(payer.phone)).length).toBe(before);
    const on = await webFetch(rig.url, 'POST', '/v1/payer/notifications', {
      session: payer.session,
      body: { preferences: [{ kind: 'letter-reply', sms: true }] },
    });
    expect(on.status).toBe(200);
  });

  it('a reply whose SMS the gateway did not take is answered, and nothing says an SMS went', async () => {
    const unlucky = await sendLetter(1);
    const before = (await smsTo(payer.phone)).length;
    // The development gateway appends to this file: a directory in its place makes the send
    // fail, as a provider that is down does.
    const outbox = join(rig.server.dataDir, 'sms-outbox.jsonl');
    rmSync(outbox, { force: true });
    mkdirSync(outbox);
    try {
      const answer = await upload(staff, unlucky, PNG, 'image/png');
      expect(answer.status).toBe(200);
      expect(await answer.json()).toMatchObject({ status: 'answered' });
    } finally {
      rmSync(outbox, { recursive: true, force: true });
    }
    expect((await smsTo(payer.phone)).length).toBe(before);
    const row = await rig.server.central.db.get<{ sms_sent_at_ms: number | null }>(
      'SELECT sms_sent_at_ms FROM letter_replies WHERE letter_id = ?',
      unlucky,
    );
    expect(row).toEqual({ sms_sent_at_ms: null });
  });

  it('the payer sees it answered and reads the very bytes, never cached; nobody else can', async () => {
    const history = await webFetch(rig.url, 'GET', '/v1/payer/history', { session: payer.session });
    const { letters } = (await history.json()) as { letters: Record<string, unknown>[] };
    expect(letters.find((letter) => letter.letterId === letterId)).toMatchObject({
      status: 'answered',
      answeredAtMs: expect.any(Number),
      reply: { contentType: 'image/png', sizeBytes: PNG.length },
    });
    const file = await webFetch(rig.url, 'GET', `/v1/payer/letters/${letterId}/reply`, {
      session: payer.session,
    });
    expect(file.status).toBe(200);
    expect(file.headers.get('cache-control')).toContain('no-store');
    const reply = (await file.json()) as { dataBase64: string; contentType: string };
    expect(checkContract('GET', '/v1/payer/letters/{letterId}/reply', 200, reply)).toBeNull();
    expect(Buffer.from(reply.dataBase64, 'base64').equals(PNG)).toBe(true);
    const stranger = await registeredPayer(rig.server);
    const theirs = await webFetch(rig.url, 'GET', `/v1/payer/letters/${letterId}/reply`, {
      session: stranger.session,
    });
    expect(theirs.status).toBe(404);
    const anonymous = await webFetch(rig.url, 'GET', `/v1/payer/letters/${letterId}/reply`);
    expect(anonymous.status).toBe(401);
  });

  it('the facility and an administrator may open what was attached; another facility may not', async () => {
    for (const session of [staff, admin]) {
      const answer = await session.get(`/v1/console/letters/${letterId}/reply`);
      const body = (await answer.json()) as { dataBase64: string };
      expect(
        checkContract('GET', '/v1/console/letters/{letterId}/reply', answer.status, body),
      ).toBeNull();
      expect(Buffer.from(body.dataBase64, 'base64').equals(PNG)).toBe(true);
    }
    const other = await rig.login('sizo2-office');
    expect((await other.get(`/v1/console/letters/${letterId}/reply`)).status).toBe(404);
    expect((await staff.get(`/v1/console/letters/${noBlanksLetterId}/reply`)).status).toBe(404);
  });

  it('every act is in the audit log', async () => {
    const audit = (await (await admin.get('/v1/console/audit?limit=500')).json()) as {
      entries: { login: string; action: string; target: string; detail: Record<string, unknown> }[];
    };
    const mine = audit.entries.filter((entry) => entry.target === letterId);
    const actions = mine.map((entry) => entry.action);
    expect(actions).toContain('letter-delivered');
    expect(actions).toContain('letter-reply-attached');
    expect(actions.filter((action) => action === 'letter-reply-viewed').length).toBe(2);
    expect(actions.filter((action) => action === 'letter-reply-refused').length).toBe(3);
    const attached = mine.find((entry) => entry.action === 'letter-reply-attached')!;
    expect(attached).toMatchObject({
      login: 'sizo1-office',
      detail: { contentType: 'image/png', sizeBytes: PNG.length },
    });
  });
});
