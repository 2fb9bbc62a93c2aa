import { describe, expect, it } from 'vitest';
import { acceptorStatus } from './device-status.ts';

describe('acceptorStatus', () => {
  const disabled = { kind: 'disabled' } as const;

  it('reports the device only once a payment could start', () => {
    expect(acceptorStatus('ccnet', disabled, { kind: 'ready' })).toMatchObject({ health: 'ok' });
    expect(acceptorStatus('ccnet', disabled, { kind: 'recovering' })).toMatchObject({
      health: 'starting',
      code: 'recovering',
    });
  });

  it('a device that answers before the deposit service reopened it is still starting', () => {
    expect(acceptorStatus('ccnet', disabled, { kind: 'acceptor-unavailable' })).toMatchObject({
      health: 'starting',
      code: 'reopening',
    });
    expect(
      acceptorStatus('ccnet', { kind: 'absent' }, { kind: 'acceptor-unavailable' }),
    ).toMatchObject({ health: 'absent' });
  });

  it('a faulted deposit service is a fault whatever the device says', () => {
    expect(
      acceptorStatus('ccnet', disabled, { kind: 'faulted', reason: 'ledger write failed' }),
    ).toMatchObject({ health: 'fault', detail: 'ledger write failed' });
  });
});
