import { describe, expect, it } from 'vitest';
import type { CommandResult, KioskBridge } from '../../../common/contract.ts';
import { commandErrorKinds, errorKindOf } from '../../../common/contract/errors.ts';
import { err } from '../../../common/result.ts';
import { call } from './call.ts';
import type { Bridge } from './kiosk-bridge.ts';

describe('error kinds per command', () => {
  it('keeps a kind the command may answer, and the transport kinds of every command', () => {
    expect(errorKindOf('account:login', { kind: 'account-locked' })).toBe('account-locked');
    expect(errorKindOf('account:login', { kind: 'disconnected' })).toBe('disconnected');
    expect(errorKindOf('kiosk:getStatus', { kind: 'timeout' })).toBe('timeout');
  });

  it('reads a kind with a detail after the colon by its base', () => {
    expect(errorKindOf('account:register', { kind: 'weak-password:no-digit' })).toBe(
      'weak-password',
    );
  });

  it('turns a kind the command does not list into other', () => {
    expect(errorKindOf('account:login', { kind: 'insufficient-funds' })).toBe('other');
    expect(errorKindOf('deposit:cancel', { kind: 'brand-new-kind' })).toBe('other');
  });

  it('lists each kind once per command', () => {
    for (const [channel, kinds] of Object.entries(commandErrorKinds)) {
      expect(new Set(kinds).size, channel).toBe(kinds.length);
    }
  });
});

describe('call', () => {
  const refusing = (kind: string): Bridge => {
    const invoke = async () => err({ kind, message: 'from main' });
    return {
      invoke: invoke as unknown as KioskBridge['invoke'],
      on: () => () => {},
      onConnection: () => () => {},
      connection: () => 'open',
    };
  };

  it('answers a refusal with its typed kind and main’s message', async () => {
    const outcome = await call(refusing('note-in-flight'), 'deposit:cancel', {});
    expect(outcome).toEqual({ ok: false, kind: 'note-in-flight', message: 'from main' });
  });

  it('passes a value through', async () => {
    const value = { cancelled: true } as const;
    const bridge = refusing('x');
    bridge.invoke = (async () =>
      ({ ok: true, value }) as CommandResult<'deposit:cancel'>) as unknown as Bridge['invoke'];
    expect(await call(bridge, 'deposit:cancel', {})).toEqual({ ok: true, value });
  });
});
