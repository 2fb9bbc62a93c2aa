import { describe, expect, it } from 'vitest';
import { demoDetails } from '../../central/terminal-config.ts';
import type { TerminalConfig } from '../../common/central-wire.ts';
import { isPlaceholderPhone, missingSupportDetails, paymentsBlockOf } from './support-details.ts';

const config = {
  terminalId: 'KIOSK-0001',
  facilityIds: [],
  paymentKopecksMin: 1_000,
  paymentKopecksMax: 1_500_000,
  commissionRateBasisPoints: 250,
  commissionKopecksMin: 3_000,
  acceptedNotesKopecks: [10_000],
  languages: ['ru'],
  rosterPublicKeyPem: '',
  letterPageKopecks: 0,
  replyBlankKopecks: 0,
  trackingUrlPrefix: 'https://c.example/t/',
  version: 1,
  ...demoDetails,
} satisfies TerminalConfig;

describe('support details', () => {
  it('calls 8 800 000-00-00 and its kin placeholders, real-looking numbers not', () => {
    for (const phone of ['8 800 000-00-00', '8-800-000-00-01', '+7 (495) 000-00-00', '', '112']) {
      expect(isPlaceholderPhone(phone)).toBe(true);
    }
    for (const phone of ['8 800 301-47-25', '+7 495 215-38-60', '8 (3452) 50-61-14']) {
      expect(isPlaceholderPhone(phone)).toBe(false);
    }
  });

  it('lets the demo details take payments', () => {
    expect(missingSupportDetails(config)).toEqual([]);
    expect(paymentsBlockOf(config)).toBeNull();
  });

  it('blocks payments without configuration, supplier or a real phone, and names what lacks', () => {
    expect(paymentsBlockOf(null)).toBe('no-terminal-config');
    const { supplier: _supplier, ...noSupplier } = config;
    expect(missingSupportDetails(noSupplier)).toEqual(['supplier.phone', 'supplier']);
    const placeholder = { ...config, supportPhone: '8 800 000-00-00' };
    expect(missingSupportDetails(placeholder)).toEqual(['supportPhone']);
    expect(paymentsBlockOf(placeholder)).toBe('no-support-details');
    const agent = { ...config.agent, operatorPhone: '' };
    expect(missingSupportDetails({ ...config, agent })).toEqual(['agent.operatorPhone']);
  });
});
