/**
 * `npm run central` with real providers instead of the development files:
 *  - SMS (CENTRAL_SMS_URL, CENTRAL_SMS_API_KEY): a payer's registration code goes to the
 *    provider over HTTP, with the key as a bearer token, and nowhere else (no development
 *    file, GET /v1/dev/sms answers 404); with the code the payer registers;
 *  - e-mail (CENTRAL_SMTP_URL, CENTRAL_MAIL_FROM): the answer to someone who left an address
 *    reaches an SMTP server (smtp-server, in this process) from the configured sender, in
 *    UTF-8; when the server refuses it, the operator hears 503 and the request stays
 *    unanswered.
 * A half-set or malformed provider stops central at start with the variable's name and exit
 * code 2, before anything listens.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { codeIn } from './payer-app-support.ts';
import { webFetch } from './payer-web-helpers.ts';

const NODE = join(process.cwd(), 'node_modules/.bin/node');
const ADMIN_TOKEN = 'sms-provider-admin-token-0123456789abcdef';
const API_KEY = 'provider-key-1';

type Received = { authorization: string | undefined; body: { phone: string; text: string } };

const MAIL_FROM = 'Терминалы <alerts@operator.example>';
/** Recipients the SMTP server refuses, as a real one refuses an unknown mailbox. */
const REFUSED = 'nobody@operator.example';

let provider: Server;
let smtp: SMTPServer;
const mails: Buffer[] = [];
let providerUrl = '';
const received: Received[] = [];
let dataDir: string;
let child: ChildProcess;
let url = '';

/** central/start.ts with `env` added; its stdout and stderr, and its exit. */
function startCentral(env: Record<string, string>) {
  const output = { stdout: '', stderr: '' };
  const started = spawn(NODE, ['central/start.ts'], {
    env: { ...process.env, CENTRAL_DATA_DIR: dataDir, CENTRAL_PORT: '0', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  started.stdout!.on('data', (chunk: Buffer) => {
    output.stdout += chunk.toString('utf8');
  });
  started.stderr!.on('data', (chunk: Buffer) => {
    output.stderr += chunk.toString('utf8');
  });
  const exited = new Promise<number | null>((resolve) => started.once('exit', resolve));
  return { process: started, output, exited };
}

beforeAll(async () => {
  provider = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Received['body'];
      received.push({ authorization: request.headers.authorization, body });
      response.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"m-1"}');
    });
  });
  await new Promise<void>((resolve) => provider.listen(0, '127.0.0.1', resolve));
  providerUrl = `http://127.0.0.1:${(provider.address() as AddressInfo).port}/messages`;
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address === REFUSED) callback(new Error('550 no such mailbox'));
      else callback();
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        mails.push(Buffer.concat(chunks));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  dataDir = mkdtempSync(join(tmpdir(), 'central-providers-'));
  const started = startCentral({
    CENTRAL_ADMIN_TOKEN: ADMIN_TOKEN,
    CENTRAL_SMS_URL: providerUrl,
    CENTRAL_SMS_API_KEY: API_KEY,
    CENTRAL_SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
    CENTRAL_MAIL_FROM: MAIL_FROM,
  });
  child = started.process;
  for (let i = 0; i < 200 && url === ''; i += 1) {
    url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(started.output.stdout)?.[1] ?? '';
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  expect(url, started.output.stderr).not.toBe('');
});

afterAll(async () => {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
  provider.closeAllConnections();
  await new Promise<void>((resolve) => provider.close(() => resolve()));
  await new Promise<void>((resolve) => smtp.close(() => resolve()));
  rmSync(dataDir, { recursive: true, force: true });
});

describe('central with an SMS provider', () => {
  it('sends a registration code through the provider, and nowhere else', async () => {
    const phone = '+79165550101';
    const sent = await webFetch(url, 'POST', '/v1/payer/sms-codes', {
      body: { phone, purpose: 'register' },
    });
    expect(sent.status).toBe(202);
    expect(received).toHaveLength(1);
    expect(received[0]!.authorization).toBe(`Bearer ${API_KEY}`);
    expect(received[0]!.body.phone).toBe(phone);
    const code = codeIn(received[0]!.body.text);
    expect(code).toMatch(/^\d{6}$/);
    const registered = await webFetch(url, 'POST', '/v1/payer/register', {
      body: { phone, code, password: 'Тихий вечер у реки 42', displayName: 'Анна' },
    });
    expect(registered.status).toBe(201);
    expect(existsSync(join(dataDir, 'sms-outbox.jsonl'))).toBe(false);
    const dev = await fetch(`${url}/v1/dev/sms`, {
      headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
    });
    expect(dev.status).toBe(404);
    expect(await dev.json()).toMatchObject({ error: { code: 'dev-sms-off' } });
  });

  it('answers someone who left an address by e-mail through the SMTP server', async () => {
    const admin = (path: string, body?: unknown) =>
      fetch(`${url}${path}`, {
        method: body === undefined ? 'GET' : 'POST',
        headers: {
          authorization: `Bearer ${ADMIN_TOKEN}`,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    const ask = async (contact: string) => {
      const asked = await webFetch(url, 'POST', '/v1/support/guest-requests', {
        body: { contact, transferRef: null, text: 'Телефон утерян, где мой перевод?' },
      });
      expect(asked.status).toBe(201);
      return String(((await asked.json()) as { requestId: string }).requestId);
    };
    const reply = 'Перевод зачислен 7 декабря.';
    const answered = await admin(
      `/v1/admin/guest-support-requests/${await ask('anna@example.ru')}/reply`,
      {
        reply,
      },
    );
    expect(answered.status).toBe(200);
    expect(await answered.json()).toEqual({ answered: true, via: 'email' });
    expect(mails).toHaveLength(1);
    const mail = await simpleParser(mails[0]!);
    expect(mail.from?.value).toEqual([{ name: 'Терминалы', address: 'alerts@operator.example' }]);
    expect(mail.to).toMatchObject({ value: [{ address: 'anna@example.ru' }] });
    expect(mail.subject).toBe('Ответ службы поддержки');
    expect(mail.text?.trim()).toBe(reply);

    // The server refuses the mailbox: the operator is told, and nothing says it was answered.
    const refusedId = await ask(REFUSED);
    const refused = await admin(`/v1/admin/guest-support-requests/${refusedId}/reply`, { reply });
    expect(refused.status).toBe(503);
    expect(mails).toHaveLength(1);
    const listed = (await (
      await admin('/v1/admin/guest-support-requests?unanswered=true')
    ).json()) as {
      requests: { requestId: string }[];
    };
    expect(listed.requests.map((request) => request.requestId)).toContain(refusedId);
    expect(existsSync(join(dataDir, 'email-outbox.jsonl'))).toBe(false);
  });

  it.each([
    [{ CENTRAL_SMS_URL: 'https://sms.example.ru/send' }, 'CENTRAL_SMS_API_KEY'],
    [{ CENTRAL_SMS_API_KEY: 'k' }, 'CENTRAL_SMS_URL'],
    [{ CENTRAL_SMS_URL: 'ftp://sms.example.ru', CENTRAL_SMS_API_KEY: 'k' }, 'CENTRAL_SMS_URL'],
    [
      {
        CENTRAL_SMS_URL: 'https://sms.example.ru',
        CENTRAL_SMS_API_KEY: 'k',
        CENTRAL_SMS_TIMEOUT_MS: '5s',
      },
      'CENTRAL_SMS_TIMEOUT_MS',
    ],
    [{ CENTRAL_SMTP_URL: 'smtp://mail.example.ru:587' }, 'CENTRAL_MAIL_FROM'],
    [
      { CENTRAL_SMTP_URL: 'http://mail.example.ru', CENTRAL_MAIL_FROM: 'a@b.ru' },
      'CENTRAL_SMTP_URL',
    ],
    [
      { CENTRAL_SMTP_URL: 'smtp://mail.example.ru', CENTRAL_MAIL_FROM: 'not an address' },
      'CENTRAL_MAIL_FROM',
    ],
  ])('refuses to start with %o, naming %s (exit 2)', async (env, name) => {
    const started = startCentral(env);
    expect(await started.exited).toBe(2);
    expect(started.output.stderr).toContain(name);
    expect(started.output.stdout).not.toContain('listening');
  });
});
