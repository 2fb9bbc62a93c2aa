import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConsoleRig, STRONG_PASSWORD, startConsoleRig } from '../support/console-fleet.ts';

/**
 * Layered configuration over the console's HTTP API, with the demo fleet (terminals in
 * regions 77 and 78): a region's preview names each terminal it reaches with its effective
 * change and versions; publishing gives those terminals a new version and their heartbeat
 * answers name it; a group over the region wins; scope and role are enforced; audited.
 */
let rig: ConsoleRig;

beforeAll(async () => {
  rig = await startConsoleRig();
  await rig.createUser({
    login: 'spb-admin',
    displayName: 'СПб',
    role: 'administrator',
    scope: { regions: ['78'], terminals: [] },
    password: STRONG_PASSWORD,
  });
  await rig.createUser({
    login: 'looker',
    displayName: 'Смотрит',
    role: 'viewer',
    scope: { all: true },
    password: STRONG_PASSWORD,
  });
}, 120_000);
afterAll(async () => rig?.stop());

type Preview = {
  version: number;
  terminals: {
    terminalId: string;
    currentVersion: number;
    diff: { field: string; to: unknown }[];
  }[];
};

describe('configuration layers from the console', () => {
  it('previews and publishes a region; its terminals get a new version, others not', async () => {
    const admin = await rig.login('admin');
    const layer = (await (await admin.get('/v1/console/config/layers/region:77')).json()) as {
      version: number;
      inherited: Record<string, unknown>;
      terminals: string[];
    };
    expect(layer.terminals).toContain('MSK-SIZO1-01');
    expect(layer.terminals).not.toContain('SPB-SIZO1-01');
    const values = { ...layer.inherited, commissionRateBasisPoints: 320 };
    const preview = (await (
      await admin.post('/v1/console/config/layers/region:77/preview', { values })
    ).json()) as Preview;
    const msk = preview.terminals.find((t) => t.terminalId === 'MSK-SIZO1-01');
    expect(msk?.diff).toEqual([{ field: 'commissionRateBasisPoints', from: 250, to: 320 }]);
    const before = msk?.currentVersion ?? 0;

    const published = await admin.post('/v1/console/config/layers/region:77', {
      values,
      expectedVersion: preview.version,
    });
    expect(published.status).toBe(200);
    const again = await admin.post('/v1/console/config/layers/region:77', {
      values,
      expectedVersion: preview.version,
    });
    expect(again.status).toBe(409);

    const terminal = rig.terminals.get('MSK-SIZO1-01')!;
    const beat = await terminal.client.sendHeartbeat({
      sentAtMs: Date.now(),
      softwareVersion: 't',
      devices: {
        billAcceptor: { adapter: 'x', health: 'ok', code: 'idle', detail: '', sinceMs: 1 },
        printer: { adapter: 'x', health: 'ok', code: 'idle', detail: '', sinceMs: 1 },
      },
      outboxCount: 0,
      cassetteNoteCount: 0,
    });
    expect(beat.ok && beat.value.configVersion).toBe(before + 1);
    const spb = await rig.server.admin('GET', '/v1/admin/terminals/SPB-SIZO1-01/config');
    expect(
      ((await spb.json()) as { commissionRateBasisPoints: number }).commissionRateBasisPoints,
    ).toBe(250);

    const audit = await admin.get('/v1/console/audit?action=config-layer-change');
    const entries = ((await audit.json()) as { entries: { target: string }[] }).entries;
    expect(entries.map((entry) => entry.target)).toContain('region:77');
  });

  it('a group over the region wins for its members', async () => {
    const admin = await rig.login('admin');
    const saved = await admin.post('/v1/console/groups', {
      groupId: 'night',
      name: 'Ночные',
      terminals: ['MSK-SIZO1-02'],
    });
    expect(saved.status).toBe(200);
    const layer = (await (await admin.get('/v1/console/config/layers/group:night')).json()) as {
      inherited: Record<string, unknown>;
    };
    const values = { ...layer.inherited, commissionRateBasisPoints: 410 };
    const preview = (await (
      await admin.post('/v1/console/config/layers/group:night/preview', { values })
    ).json()) as Preview;
    expect(preview.terminals.map((t) => t.terminalId)).toEqual(['MSK-SIZO1-02']);
    const published = await admin.post('/v1/console/config/layers/group:night', {
      values,
      expectedVersion: preview.version,
    });
    expect(published.status).toBe(200);
    const read = async (id: string) =>
      (
        (await (await rig.server.admin('GET', `/v1/admin/terminals/${id}/config`)).json()) as {
          commissionRateBasisPoints: number;
        }
      ).commissionRateBasisPoints;
    expect(await read('MSK-SIZO1-02')).toBe(410);
    expect(await read('MSK-SIZO1-01')).toBe(320);
  });

  it('a region-scoped administrator cannot publish defaults; a viewer cannot preview', async () => {
    const spb = await rig.login('spb-admin');
    const defaults = (await (await spb.get('/v1/console/config/layers/defaults')).json()) as {
      version: number;
      inherited: Record<string, unknown>;
    };
    const refused = await spb.post('/v1/console/config/layers/defaults', {
      values: { ...defaults.inherited, supportPhone: '8 800 555-01-01' },
      expectedVersion: defaults.version,
    });
    expect(refused.status).toBe(403);
    const mine = await spb.post('/v1/console/config/layers/region:78/preview', {
      values: { ...defaults.inherited, commissionRateBasisPoints: 300 },
    });
    expect(mine.status).toBe(200);
    const viewer = await rig.login('looker');
    const denied = await viewer.post('/v1/console/config/layers/region:77/preview', {
      values: {},
    });
    expect(denied.status).toBe(403);
    const group = await spb.post('/v1/console/groups', { groupId: 'x', name: 'x', terminals: [] });
    expect(group.status).toBe(403);
  });
});
