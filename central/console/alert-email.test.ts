/**
 * The e-mail of an opened alert: Russian words from the alert's facts, the time in Moscow
 * (UTC+3 whatever the server's zone), and central's own text for an alert stored before
 * facts were kept.
 */
import { describe, expect, it } from 'vitest';
import type { AlertView } from '../../common/console-wire.ts';
import { alertEmail } from './alerts.ts';

const base: AlertView = {
  alertId: 'a-1',
  terminalId: 'MSK-SIZO1-01',
  kind: 'device-fault',
  severity: 'critical',
  detail: 'bill acceptor: jam',
  facts: { billAcceptor: 'jam', printer: 'cover-open' },
  // 21:30 UTC on 31 December: already the new year in Moscow.
  openedAtMs: Date.UTC(2026, 11, 31, 21, 30),
  resolvedAtMs: null,
  acknowledgedAtMs: null,
  acknowledgedBy: null,
  note: null,
};

describe('an alert e-mail', () => {
  it('names the kind and severity in Russian and the devices from the facts, in Moscow time', () => {
    expect(alertEmail(base)).toEqual({
      subject: '[критично] MSK-SIZO1-01: Неисправность',
      text:
        'Терминал MSK-SIZO1-01: Неисправность: Купюроприёмник (jam), Принтер (cover-open).\n' +
        'Открыта 01.01.2027 00:30 (МСК).',
    });
  });

  it('fills the numbers of a warning from its facts', () => {
    const mail = alertEmail({
      ...base,
      kind: 'cassette-near-full',
      severity: 'warning',
      facts: { notes: 540, capacity: 600 },
    });
    expect(mail.subject).toBe('[внимание] MSK-SIZO1-01: Кассета почти полна');
    expect(mail.text).toContain('В кассете 540 из 600 купюр.');
  });

  it('uses central’s own detail for an alert stored without facts', () => {
    const mail = alertEmail({ ...base, kind: 'offline', facts: null, detail: 'no heartbeat' });
    expect(mail.text.split('\n')[0]).toBe('Терминал MSK-SIZO1-01: no heartbeat.');
  });
});
