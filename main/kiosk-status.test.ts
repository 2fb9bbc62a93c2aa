import { describe, expect, it } from 'vitest';
import { createStatusModel } from './kiosk-status.ts';

const ok = (adapter: string) => ({ adapter, health: 'ok' as const, code: 'ready', detail: '' });

describe('kiosk status', () => {
  it('is not accepting payments while devices start', () => {
    const status = createStatusModel({ softwareVersion: '1', now: () => 0 });
    expect(status.snapshot()).toMatchObject({
      acceptingPayments: false,
      unavailableReason: 'starting',
    });
  });

  it('accepts payments when acceptor and printer are ready, and says why not otherwise', () => {
    let allowWithoutPaper = false;
    const status = createStatusModel({
      softwareVersion: '1',
      now: () => 0,
      printerRequired: () => !allowWithoutPaper,
    });
    status.setDevice('billAcceptor', ok('emulator'));
    status.setDevice('printer', ok('emulator'));
    expect(status.snapshot()).toMatchObject({ acceptingPayments: true, unavailableReason: null });

    status.setDevice('printer', {
      adapter: 'emulator',
      health: 'fault',
      code: 'paper-out',
      detail: '',
    });
    expect(status.snapshot().unavailableReason).toBe('printer-unavailable');
    allowWithoutPaper = true;
    expect(status.snapshot().acceptingPayments).toBe(true);

    status.setDevice('billAcceptor', {
      adapter: 'emulator',
      health: 'fault',
      code: 'jam',
      detail: '',
    });
    expect(status.snapshot().unavailableReason).toBe('acceptor-unavailable');
  });

  it('broadcasts a change only when something changed', () => {
    const status = createStatusModel({ softwareVersion: '1', now: () => 0 });
    const seen: string[] = [];
    status.onDidChange((snapshot) => seen.push(snapshot.devices.printer.code));
    status.setDevice('printer', ok('emulator'));
    status.setDevice('printer', ok('emulator'));
    status.setLanguage('en');
    status.setLanguage('en');
    expect(seen).toEqual(['ready', 'ready']);
  });
});
