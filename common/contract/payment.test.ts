import { describe, expect, it } from 'vitest';
import { paymentCommands, RecipientSchema } from './payment.ts';

/**
 * Clients outside this repository call 'payee:search' and pass what it answers to
 * 'deposit:start'. Answers gained `kind`; what such a client sent before must still be taken.
 */
const inmateWithoutKind = {
  inmateRef: 'idemo000000000001',
  maskedName: 'Иванов И. И.',
  birthYear: 1985,
  facilityId: '77-sizo-1',
  facilityName: 'СИЗО-1',
};
const wallet = {
  kind: 'wallet',
  accountId: 'p0123456789abcdef0123',
  maskedPhone: '+7 *** ***-45-67',
};
const startArgs = paymentCommands['deposit:start'].args;

describe('the recipient in the payment contract', () => {
  it('takes an inmate sent without a kind, as older clients send it, as an inmate', () => {
    expect(RecipientSchema.parse(inmateWithoutKind)).toEqual({
      kind: 'inmate',
      ...inmateWithoutKind,
    });
    const started = startArgs.safeParse({ recipient: inmateWithoutKind });
    expect(started.success && started.data.recipient.kind).toBe('inmate');
  });

  it('takes an inmate with its kind and a wallet with its own fields', () => {
    const inmate = { kind: 'inmate', ...inmateWithoutKind };
    expect(RecipientSchema.parse(inmate)).toEqual(inmate);
    expect(RecipientSchema.parse(wallet)).toEqual(wallet);
    expect(paymentCommands['wallet:topUpRecipient'].result.parse(wallet)).toEqual(wallet);
  });

  it('refuses what is neither', () => {
    const refused = [
      { ...inmateWithoutKind, birthYear: undefined },
      { ...inmateWithoutKind, kind: 'wallet' },
      { ...wallet, accountId: undefined },
      { ...wallet, kind: 'inmate' },
      { ...wallet, kind: 'card' },
      // A wallet dressed as an inmate, as older builds stored one, is no inmate's reference.
      { ...inmateWithoutKind, inmateRef: 'wallet:p0123456789abcdef0123' },
      'idemo000000000001',
      null,
    ];
    for (const value of refused) {
      expect(RecipientSchema.safeParse(value).success, JSON.stringify(value)).toBe(false);
      expect(startArgs.safeParse({ recipient: value }).success).toBe(false);
    }
  });

  it('answers a search with inmates, old-shaped or not, and takes a letter only to one', () => {
    const search = paymentCommands['payee:search'].result;
    const answer = search.parse({ source: 'central', matches: [inmateWithoutKind] });
    expect(answer.matches[0]?.kind).toBe('inmate');
    expect(search.safeParse({ source: 'central', matches: [wallet] }).success).toBe(false);
    const letter = { text: 'Привет', replyBlanks: 0 };
    const toInmate = { recipient: wallet, letter: { ...letter, recipient: inmateWithoutKind } };
    expect(startArgs.safeParse(toInmate).success).toBe(true);
    const toWallet = { recipient: wallet, letter: { ...letter, recipient: wallet } };
    expect(startArgs.safeParse(toWallet).success).toBe(false);
  });
});
