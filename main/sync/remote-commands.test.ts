import { generateKeyPairSync, sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { COMMAND_FORMAT, type SignedCommand } from '../../common/remote-command-wire.ts';
import { verifyCommand } from './remote-commands.ts';

const pemOf = () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privateKey,
    publicPem: publicKey.export({ type: 'spki', format: 'pem' }).toString(),
  };
};
const central = pemOf();
const stranger = pemOf();
const nowMs = 1_770_000_000_000;

function signed(fields: Record<string, unknown>, key = central.privateKey): SignedCommand {
  const payload = JSON.stringify({
    format: COMMAND_FORMAT,
    terminalId: 'T-1',
    commandId: 5,
    kind: 'block-payments',
    args: { reason: 'Инкассация' },
    issuedAtMs: nowMs - 1_000,
    expiresAtMs: nowMs + 60_000,
    ...fields,
  });
  return { payload, signature: sign(null, Buffer.from(payload), key).toString('base64') };
}

const context = { centralKeyPem: central.publicPem, terminalId: 'T-1', lastCommandId: 4, nowMs };

describe('a remote command is checked before it runs', () => {
  it('takes a fresh command signed by central for this terminal', () => {
    expect(verifyCommand(signed({}), context)).toEqual({
      ok: true,
      value: {
        commandId: 5,
        kind: 'block-payments',
        args: { reason: 'Инкассация' },
        expiresAtMs: nowMs + 60_000,
      },
    });
  });

  it.each([
    ['forged (another key)', signed({}, stranger.privateKey), 'bad-signature', true],
    ['replayed (not above the last taken)', signed({ commandId: 4 }), 'replayed', true],
    ['expired', signed({ expiresAtMs: nowMs }), 'expired', true],
    ['unknown kind', signed({ kind: 'format-disk' }), 'unknown-command', true],
    ['bad arguments', signed({ args: { reason: '' } }), 'invalid', true],
    ["another terminal's", signed({ terminalId: 'T-2' }), 'other-terminal', false],
  ] as const)('refuses one %s', (_name, command, reason, report) => {
    expect(verifyCommand(command, context)).toMatchObject({ ok: false, error: { reason, report } });
  });

  it('refuses a payload altered after signing', () => {
    const good = signed({});
    const altered = { ...good, payload: good.payload.replace('Инкассация', 'Закрыто навсегда') };
    expect(verifyCommand(altered, context)).toMatchObject({
      ok: false,
      error: { reason: 'bad-signature', commandId: 5 },
    });
  });
});
