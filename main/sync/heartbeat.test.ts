import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DeviceState } from '../../common/contract.ts';
import { err, ok } from '../../common/result.ts';
import { type Ledger, openLedger } from '../ledger/ledger.ts';
import { tempDir } from '../../tests/support/ledger-support.ts';
import { silentLogger } from '../log.ts';
import { createHeartbeat, type HeartbeatBody, type HeartbeatSources } from './heartbeat.ts';
import { createKioskSequence, createSkewMonitor } from './kiosk-clock.ts';

let temp: ReturnType<typeof tempDir>;
let ledger: Ledger;
beforeEach(() => {
  temp = tempDir('kiosk-heartbeat-');
  ledger = openLedger(join(temp.dir, 'ledger.db'));
});
afterEach(() => {
  ledger.close();
  temp.remove();
});

const device = (code: string): DeviceState => ({
  adapter: 'emulator',
  health: 'ok',
  code,
  detail: code,
  sinceMs: 1,
});

describe('heartbeat', () => {
  it('reports devices, paper, cassette, outbox, roster and config; a rising sequence; skew', async () => {
    let nowMs = 1_000_000;
    const sent: HeartbeatBody[] = [];
    const configVersions: number[] = [];
    let centralAheadMs = 180_000;
    const heartbeat = createHeartbeat({
      client: {
        async sendHeartbeat(body) {
          sent.push(body);
          if (centralAheadMs < 0) return err({ kind: 'network', message: 'down' });
          return ok({ receivedAtMs: body.sentAtMs + centralAheadMs, configVersion: 4 });
        },
      },
      onConfigVersion: (version) => configVersions.push(version),
      sources: {
        devices: () => ({ billAcceptor: device('idle'), printer: device('paper-near-end') }),
        paper: () => 'near-end',
        cassetteNoteCount: () => 412,
        outbox: () => ({ pendingCount: 7, parkedCount: 1, oldestPendingAgeMs: 90_000 }),
        rosterGeneratedAtMs: () => 123,
        rosterFetchedAtMs: () => 456,
        config: () => ({ version: 3, fetchedAtMs: 789 }),
      },
      sequence: createKioskSequence({ settings: ledger.settings, now: () => nowMs }),
      skew: createSkewMonitor({ log: silentLogger() }),
      softwareVersion: '1.2.3',
      now: () => nowMs,
      log: silentLogger(),
    });
    const first = await heartbeat.beatOnce();
    expect(first).toMatchObject({ kind: 'sent', skew: { skewMs: 180_000, large: true } });
    expect(sent[0]).toEqual({
      sentAtMs: 1_000_000,
      softwareVersion: '1.2.3',
      devices: { billAcceptor: device('idle'), printer: device('paper-near-end') },
      outboxCount: 8,
      cassetteNoteCount: 412,
      outboxParkedCount: 1,
      outboxOldestAgeMs: 90_000,
      paper: 'near-end',
      sequence: 1_000_001,
      rosterGeneratedAtMs: 123,
      clockSkewMs: null,
      rosterFetchedAtMs: 456,
      configVersion: 3,
      configFetchedAtMs: 789,
    });
    // Central's answer names its current config version: the kiosk is told, to refetch.
    expect(configVersions).toEqual([4]);
    nowMs -= 500_000; // the wall clock jumps back; the sequence does not
    centralAheadMs = -1;
    expect(await heartbeat.beatOnce()).toMatchObject({ kind: 'failed', sequence: 1_000_002 });
    expect(sent[1]?.clockSkewMs).toBe(180_000);
    expect(heartbeat.lastResult()?.kind).toBe('failed');
  });

  it('carries the fiscal status of a fiscal kiosk, and leaves it out elsewhere', async () => {
    const sent: HeartbeatBody[] = [];
    let fiscal: ReturnType<NonNullable<HeartbeatSources['fiscal']>> = null;
    const heartbeat = createHeartbeat({
      client: {
        async sendHeartbeat(body) {
          sent.push(body);
          return ok({ receivedAtMs: body.sentAtMs });
        },
      },
      sources: {
        devices: () => ({ billAcceptor: device('idle'), printer: device('idle') }),
        paper: () => 'ok',
        cassetteNoteCount: () => 0,
        outbox: () => ({ pendingCount: 0, parkedCount: 0, oldestPendingAgeMs: null }),
        rosterGeneratedAtMs: () => null,
        fiscal: () => fiscal,
      },
      sequence: createKioskSequence({ settings: ledger.settings, now: () => 5 }),
      skew: createSkewMonitor({ log: silentLogger() }),
      softwareVersion: '1.2.3',
      now: () => 5,
      log: silentLogger(),
    });
    await heartbeat.beatOnce();
    expect('fiscal' in sent[0]!).toBe(false);
    fiscal = {
      mode: 'registrar',
      state: 'blocked',
      reason: 'receipts-held',
      warnings: [],
      shiftNumber: 4,
      shiftOpenedAtMs: 1,
      fnNumber: '9999078900001234',
      fnValidUntil: '2027-06-10',
      ofdQueueCount: 0,
      ofdOldestAt: null,
      pendingCount: 0,
      heldCount: 1,
      unsentCount: 0,
    };
    await heartbeat.beatOnce();
    expect(sent[1]?.fiscal).toEqual(fiscal);
  });

  it('an older central that refuses the fiscal field gets the heartbeat without it', async () => {
    const sent: HeartbeatBody[] = [];
    const heartbeat = createHeartbeat({
      client: {
        async sendHeartbeat(body) {
          sent.push(body);
          if ('fiscal' in body) {
            return err({
              kind: 'http',
              status: 400,
              code: 'bad-request',
              message: 'fiscal',
              retryAfterMs: null,
            });
          }
          return ok({ receivedAtMs: body.sentAtMs });
        },
      },
      sources: {
        devices: () => ({ billAcceptor: device('idle'), printer: device('idle') }),
        paper: () => 'ok',
        cassetteNoteCount: () => 0,
        outbox: () => ({ pendingCount: 0, parkedCount: 0, oldestPendingAgeMs: null }),
        rosterGeneratedAtMs: () => null,
        fiscal: () => ({
          mode: 'registrar',
          state: 'ok',
          reason: null,
          warnings: [],
          shiftNumber: null,
          shiftOpenedAtMs: null,
          fnNumber: null,
          fnValidUntil: null,
          ofdQueueCount: null,
          ofdOldestAt: null,
          pendingCount: 0,
          heldCount: 0,
          unsentCount: 0,
        }),
      },
      sequence: createKioskSequence({ settings: ledger.settings, now: () => 5 }),
      skew: createSkewMonitor({ log: silentLogger() }),
      softwareVersion: '1.2.3',
      now: () => 5,
      log: silentLogger(),
    });
    expect((await heartbeat.beatOnce()).kind).toBe('sent');
    expect((await heartbeat.beatOnce()).kind).toBe('sent');
    expect(sent.map((body) => 'fiscal' in body)).toEqual([true, false, false]);
  });
});
