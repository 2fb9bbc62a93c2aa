/**
 * The fleet simulator: runs a plan (fleet-schedule.ts) against one or more central
 * processes over real HTTP, with simulated time compressed (`compression` simulated ms per
 * wall ms). Open loop: each request leaves at its planned moment whether or not earlier ones
 * were answered, so a slow central shows as latency rather than as a politely slower client.
 * Terminals sign like kiosks (their own enrolled Ed25519 keys); payers use the unsigned app
 * channel with bearer sessions. Every transfer sent is remembered, for the conservation check
 * (fleet-check.ts).
 */
import type { KeyObject } from 'node:crypto';
import { commissionKopecks, kopecks, rubles } from '../../common/money.ts';
import { signedHeaders } from '../support/registry-client.ts';
import type { FleetConfig, FleetEvent, TransferPlan } from './fleet-schedule.ts';
import { planFleet } from './fleet-schedule.ts';
import { lastSmsCode } from './fleet-setup.ts';

export type SimTerminal = { terminalId: string; privateKey: KeyObject };
export type SimPayer = { phone: string; password: string; accountId: string };
export type SimRecipient = {
  ref: string;
  facilityId: string;
  surname: string;
  name: string;
  birthYear: number;
};

export type FleetTarget = {
  /** Central processes; terminal i and payer i talk to urls[i % urls.length]. */
  urls: readonly string[];
  terminals: readonly SimTerminal[];
  payers: readonly SimPayer[];
  recipients: readonly SimRecipient[];
  /** Reads the development SMS gateway: a payment from the app is confirmed by an SMS code. */
  adminToken: string;
};

export type SentTransfer = { owner: string; amountKopecks: number; depositedKopecks: number };

export type FleetKind = FleetEvent['kind'];

export type FleetResult = {
  latenciesMs: Partial<Record<FleetKind, number[]>>;
  /** Every answered request: when it left (ms since the run started), its kind and latency. */
  timeline: { kind: FleetKind; atMs: number; latencyMs: number }[];
  failures: { kind: FleetKind; status: number; detail: string }[];
  /** Every transfer the fleet sent (at least once), by id. */
  sent: Map<string, SentTransfer>;
  /** Requests the generator could not send on time (too many in flight). */
  shed: number;
  wallMs: number;
};

export type RunOptions = { compression: number; maxInFlight?: number };

/** Demo terminal commission (central/terminal-config.ts defaults: 2.5 %, at least 30 ₽). */
const commissionOn = (amountKopecks: number) =>
  commissionKopecks(kopecks(amountKopecks), 250, rubles(30)) as number;

const heartbeatBody = (nowMs: number, outbox: number) => ({
  sentAtMs: nowMs,
  softwareVersion: 'sim-1',
  devices: {
    billAcceptor: { adapter: 'sim', health: 'ok', code: '', detail: '', sinceMs: 0 },
    printer: { adapter: 'sim', health: 'ok', code: '', detail: '', sinceMs: 0 },
  },
  outboxCount: outbox,
  cassetteNoteCount: 0,
});

type Sent = { status: number; text: string };

export function runFleet(
  config: FleetConfig,
  target: FleetTarget,
  options: RunOptions,
): Promise<FleetResult> {
  const events = planFleet(config, target.recipients.length);
  const result: FleetResult = {
    latenciesMs: {},
    timeline: [],
    failures: [],
    sent: new Map(),
    shed: 0,
    wallMs: 0,
  };
  const maxInFlight = options.maxInFlight ?? 2_000;
  const runStartedMs = performance.now();
  const sessions = new Map<number, string>();
  const payerChains = new Map<number, Promise<void>>();
  let inFlight = 0;

  const timed = async (kind: FleetKind, send: () => Promise<Sent>, ok: (s: number) => boolean) => {
    const startedMs = performance.now();
    inFlight += 1;
    try {
      const answer = await send();
      const latencyMs = performance.now() - startedMs;
      const samples = result.latenciesMs[kind] ?? [];
      samples.push(latencyMs);
      result.latenciesMs[kind] = samples;
      result.timeline.push({ kind, atMs: startedMs - runStartedMs, latencyMs });
      if (!ok(answer.status)) {
        result.failures.push({ kind, status: answer.status, detail: answer.text.slice(0, 200) });
      }
      return answer;
    } catch (error) {
      result.failures.push({ kind, status: 0, detail: String(error).slice(0, 200) });
      return { status: 0, text: '' };
    } finally {
      inFlight -= 1;
    }
  };

  const terminalPost = (terminal: number, path: string, body: unknown, key?: string) => {
    const sim = target.terminals[terminal]!;
    const bodyText = JSON.stringify(body);
    const headers = signedHeaders({
      keyId: sim.terminalId,
      privateKeyPem: sim.privateKey,
      method: 'POST',
      target: path,
      bodyText,
      ...(key === undefined ? {} : { idempotencyKey: key }),
    });
    return send(target.urls[terminal % target.urls.length]!, path, 'POST', headers, bodyText);
  };

  // A resent transfer is the same request byte for byte, as a kiosk's outbox resends it.
  const bodies = new Map<string, ReturnType<typeof newBody>>();
  const newBody = (plan: TransferPlan) => {
    const commission = commissionOn(plan.amountKopecks);
    return {
      transferId: plan.transferId,
      inmateRef: target.recipients[plan.recipient]!.ref,
      depositedKopecks: plan.amountKopecks + commission,
      amountKopecks: plan.amountKopecks,
      commissionKopecks: commission,
      kioskCreatedAtMs: Date.now(),
    };
  };
  const transferBody = (plan: TransferPlan) => {
    let body = bodies.get(plan.transferId);
    if (body === undefined) {
      body = newBody(plan);
      bodies.set(plan.transferId, body);
    }
    return body;
  };

  const remember = (owner: string, body: ReturnType<typeof transferBody>) => {
    result.sent.set(body.transferId, {
      owner,
      amountKopecks: body.amountKopecks,
      depositedKopecks: body.depositedKopecks,
    });
  };

  const terminalEvent = (event: Extract<FleetEvent, { terminal: number }>): Promise<unknown> => {
    const terminalId = target.terminals[event.terminal]!.terminalId;
    const ok2xx = (status: number) => status >= 200 && status < 300;
    switch (event.kind) {
      case 'heartbeat':
        return timed(
          'heartbeat',
          () =>
            terminalPost(event.terminal, '/v1/terminal/heartbeat', heartbeatBody(Date.now(), 0)),
          ok2xx,
        );
      case 'roster':
        return timed(
          'roster',
          () => terminalGet(target, event.terminal, '/v1/terminal/roster'),
          ok2xx,
        );
      case 'transfer': {
        const body = transferBody(event.transfer);
        remember(terminalId, body);
        return timed(
          'transfer',
          () => terminalPost(event.terminal, '/v1/transfers', body, body.transferId),
          ok2xx,
        );
      }
      case 'backlog': {
        const bodies = event.transfers.map(transferBody);
        for (const body of bodies) remember(terminalId, body);
        return timed(
          'backlog',
          async () => {
            const answer = await terminalPost(event.terminal, '/v1/transfers/batch', {
              transfers: bodies,
            });
            const items =
              answer.status === 200
                ? (JSON.parse(answer.text) as { results: { httpStatus: number }[] }).results
                : [];
            const bad = items.filter((item) => item.httpStatus !== 201).length;
            return bad === 0
              ? answer
              : { status: 207, text: `${bad} items refused: ${answer.text}` };
          },
          (status) => status === 200,
        );
      }
    }
  };

  const payerEvent = async (event: Extract<FleetEvent, { payer: number }>): Promise<void> => {
    const payer = target.payers[event.payer]!;
    const url = target.urls[event.payer % target.urls.length]!;
    const json = { 'content-type': 'application/json' };
    if (event.kind === 'payer-login') {
      const body = JSON.stringify({ phone: payer.phone, password: payer.password });
      const answer = await timed(
        'payer-login',
        () => send(url, '/v1/payer/login', 'POST', json, body),
        (s) => s === 200,
      );
      if (answer.status === 200)
        sessions.set(
          event.payer,
          (JSON.parse(answer.text) as { sessionToken: string }).sessionToken,
        );
      return;
    }
    const session = sessions.get(event.payer);
    if (session === undefined) return; // the login failed and was counted
    const auth = { ...json, authorization: `Bearer ${session}` };
    if (event.kind !== 'payer-pay') {
      const person = target.recipients[event.payer % target.recipients.length]!;
      const body = JSON.stringify({
        facilityId: person.facilityId,
        surname: person.surname,
        name: person.name,
        birthYear: person.birthYear,
      });
      await timed(
        'payer-search',
        () => send(url, '/v1/inmates/search', 'POST', auth, body),
        (s) => s === 200,
      );
      return;
    }
    const plan = event.transfer;
    const body = { ...transferBody(plan), commissionKopecks: commissionOn(plan.amountKopecks) };
    const { depositedKopecks: _cash, ...payment } = body;
    remember(payer.accountId, body);
    const headers = { ...auth, 'idempotency-key': plan.transferId };
    await timed(
      'payer-pay',
      async () => {
        // As the app does: ask for the payment's SMS code, then pay with it.
        const { inmateRef, amountKopecks, commissionKopecks, transferId } = payment;
        const what = JSON.stringify({ transferId, inmateRef, amountKopecks, commissionKopecks });
        const asked = await send(url, '/v1/payer/payment-codes', 'POST', auth, what);
        if (asked.status !== 202) return asked;
        const confirmationCode = await lastSmsCode(url, target.adminToken, payer.phone);
        const paid = JSON.stringify({ ...payment, confirmationCode });
        return send(url, '/v1/payer/wallet/payments', 'POST', headers, paid);
      },
      (s) => s === 201,
    );
  };

  return new Promise((resolve) => {
    const startedMs = performance.now();
    const pending = new Set<Promise<unknown>>();
    let next = 0;
    const tick = () => {
      const simNowMs = (performance.now() - startedMs) * options.compression;
      while (next < events.length && events[next]!.atMs <= simNowMs) {
        const event = events[next++]!;
        if (inFlight >= maxInFlight && !('payer' in event)) {
          result.shed += 1;
          continue;
        }
        const work =
          'payer' in event
            ? (payerChains.get(event.payer) ?? Promise.resolve()).then(() => payerEvent(event))
            : terminalEvent(event);
        if ('payer' in event) payerChains.set(event.payer, work as Promise<void>);
        pending.add(work);
        void work.finally(() => pending.delete(work));
      }
      if (next < events.length) {
        setTimeout(tick, 2);
        return;
      }
      void Promise.allSettled([...pending, ...payerChains.values()]).then(() => {
        result.wallMs = performance.now() - startedMs;
        resolve(result);
      });
    };
    tick();
  });
}

async function send(
  url: string,
  path: string,
  method: 'GET' | 'POST',
  headers: Record<string, string>,
  body?: string,
): Promise<Sent> {
  const response = await fetch(`${url}${path}`, {
    method,
    headers,
    ...(body === undefined ? {} : { body }),
  });
  return { status: response.status, text: await response.text() };
}

function terminalGet(target: FleetTarget, terminal: number, path: string): Promise<Sent> {
  const sim = target.terminals[terminal]!;
  const headers = signedHeaders({
    keyId: sim.terminalId,
    privateKeyPem: sim.privateKey,
    method: 'GET',
    target: path,
    bodyText: '',
  });
  return send(target.urls[terminal % target.urls.length]!, path, 'GET', headers);
}
