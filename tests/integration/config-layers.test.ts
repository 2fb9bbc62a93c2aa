import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TerminalConfigPatch } from '../../common/central-wire.ts';
import { type ConfigStore, createConfigStore } from '../../central/terminal-config.ts';
import { startTestCentral, type TestCentral } from '../support/central-harness.ts';

/**
 * Inheritance of terminal configuration (central/config-layers.ts): central's defaults, the
 * defaults layer, the region's, the group's, the terminal's own, each field from the highest
 * layer that sets it. Over a real central database (SQLite, and PostgreSQL on that project).
 */
let server: TestCentral;
let configs: ConfigStore;

beforeAll(async () => {
  server = await startTestCentral();
  for (const [id, facility] of [
    ['MSK-A', '77-sizo-1'],
    ['MSK-B', '77-sizo-2'],
    ['SPB-A', '78-sizo-1'],
  ] as const) {
    await server.enrolTerminal(id, [facility]);
  }
  configs = createConfigStore(server.central.db, server.central.rosterPublicKeyPem, () => '');
  await server.central.db.run(
    "INSERT INTO terminal_groups (id, name, created_at_ms) VALUES ('night', 'Ночные', 1)",
  );
  await server.central.db.run(
    "INSERT INTO terminal_group_members (terminal_id, group_id) VALUES ('MSK-B', 'night')",
  );
});
afterAll(async () => server?.stop());

const put = (layer: string, patch: TerminalConfigPatch) => configs.layers.write(layer, patch, 1, 1);
const rate = async (id: string) => (await configs.get(id))?.commissionRateBasisPoints;
const phone = async (id: string) => (await configs.get(id))?.supportPhone;

describe('configuration layers', () => {
  it('resolves each field from the highest layer that sets it', async () => {
    const builtIn = await rate('SPB-A');
    expect(builtIn).toBe(250);
    await put('defaults', { commissionRateBasisPoints: 200, supportPhone: '8 800 100-00-01' });
    await put('region:77', { commissionRateBasisPoints: 300 });
    await put('group:night', { commissionRateBasisPoints: 400, supportPhone: '8 800 100-00-02' });
    const own = await configs.change('MSK-A', { supportPhone: '8 800 100-00-03' }, 2);
    expect(own.ok).toBe(true);

    const table = [
      // terminal, rate, phone, where they come from
      ['SPB-A', 200, '8 800 100-00-01'], // defaults layer only (region 78 has none)
      ['MSK-A', 300, '8 800 100-00-03'], // region 77's rate; its own phone
      ['MSK-B', 400, '8 800 100-00-02'], // its group over region 77
    ] as const;
    for (const [terminal, expectedRate, expectedPhone] of table) {
      expect([terminal, await rate(terminal), await phone(terminal)]).toEqual([
        terminal,
        expectedRate,
        expectedPhone,
      ]);
    }
  });

  it('a terminal reset inherits again; the chain is defaults, region, group', async () => {
    expect(await configs.chainOf('MSK-B')).toEqual(['defaults', 'region:77', 'group:night']);
    expect(await configs.chainOf('SPB-A')).toEqual(['defaults', 'region:78']);
    const reset = await configs.change('MSK-A', {}, 3, ['supportPhone']);
    expect(reset.ok).toBe(true);
    expect(await phone('MSK-A')).toBe('8 800 100-00-01');
    expect(await configs.own('MSK-A')).toEqual({});
  });

  it('a preview with a layer replaced changes only the terminals it reaches', async () => {
    const replaced = { id: 'region:77', patch: { commissionRateBasisPoints: 350 } };
    expect((await configs.effectiveWith('MSK-A', replaced))?.commissionRateBasisPoints).toBe(350);
    expect((await configs.effectiveWith('MSK-B', replaced))?.commissionRateBasisPoints).toBe(400);
    expect((await configs.effectiveWith('SPB-A', replaced))?.commissionRateBasisPoints).toBe(200);
    expect(await configs.layers.terminalsOf('region:77')).toEqual(['MSK-A', 'MSK-B']);
    expect(await configs.layers.terminalsOf('group:night')).toEqual(['MSK-B']);
  });

  it('a layer change bumps the version of the terminals it reaches', async () => {
    const before = (await configs.get('MSK-A'))?.version ?? 0;
    await configs.bumpVersion('MSK-A', 4);
    expect((await configs.get('MSK-A'))?.version).toBe(before + 1);
  });
});
