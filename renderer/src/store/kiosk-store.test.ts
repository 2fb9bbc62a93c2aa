import { describe, expect, it } from 'vitest';
import type { DepositView } from '../../../common/contract.ts';
import { currentRejection, hasMoney, isBeforeCash } from './kiosk-store.ts';

const recipient = {
  kind: 'inmate' as const,
  inmateRef: 'r',
  maskedName: 'Иванов И. И.',
  birthYear: 1985,
  facilityId: 'f',
  facilityName: 'ИК-2',
};

function view(patch: Partial<DepositView>): DepositView {
  return {
    sessionId: 's',
    state: 'accepting',
    recipient,
    letter: null,
    acceptedKopecks: 0,
    commissionKopecks: 0,
    creditedKopecks: 0,
    remainingKopecks: 1_500_000,
    depositKopecksMax: 1_500_000,
    notes: [],
    lastRejection: null,
    noteInProgress: false,
    acceptorCode: 'idling',
    canPay: false,
    canCancel: true,
    ...patch,
  };
}

describe('money rules of the screen', () => {
  it('counts a note in the acceptor as money even before it is stacked', () => {
    expect(hasMoney(null)).toBe(false);
    expect(hasMoney(view({}))).toBe(false);
    expect(hasMoney(view({ noteInProgress: true }))).toBe(true);
    expect(hasMoney(view({ acceptedKopecks: 10_000 }))).toBe(true);
  });

  it('allows the idle countdown only before cash', () => {
    expect(isBeforeCash({ screen: { kind: 'home' }, deposit: null })).toBe(false);
    expect(isBeforeCash({ screen: { kind: 'name' }, deposit: null })).toBe(true);
    expect(isBeforeCash({ screen: { kind: 'deposit' }, deposit: view({}) })).toBe(true);
    expect(
      isBeforeCash({ screen: { kind: 'deposit' }, deposit: view({ acceptedKopecks: 1 }) }),
    ).toBe(false);
    expect(
      isBeforeCash({ screen: { kind: 'deposit' }, deposit: view({ noteInProgress: true }) }),
    ).toBe(false);
  });

  it('shows a rejection until a later note is accepted', () => {
    const rejected = view({ lastRejection: { reason: 'not-recognised', atMs: 100 } });
    expect(currentRejection(rejected)).toBe('not-recognised');
    const earlierNote = { ...rejected, notes: [{ noteKopecks: 10_000, atMs: 50 }] };
    expect(currentRejection(earlierNote)).toBe('not-recognised');
    const laterNote = { ...rejected, notes: [{ noteKopecks: 10_000, atMs: 150 }] };
    expect(currentRejection(laterNote)).toBeNull();
  });
});
