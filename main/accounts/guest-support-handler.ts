/**
 * Support without an account, for a payer who lost their phone: no session, only the
 * terminal's signature. The contact is checked and normalised here so the payer hears at once
 * that a number or address cannot be right, before central's rate limits count the try.
 */
import type { accountCommands } from '../../common/contract.ts';
import { guestContactPattern } from '../../common/central-wire.ts';
import { ok } from '../../common/result.ts';
import type { HandlersFor } from '../hosts/dispatch.ts';
import type { AccountCalls } from './account-calls.ts';
import { describeFailure, refuse } from './account-errors.ts';

type GuestHandlers = Pick<HandlersFor<typeof accountCommands>, 'account:guestSupport'>;

/** +7XXXXXXXXXX from the ways people type a Russian mobile number, an e-mail as typed, or null. */
export function normaliseContact(raw: string): string | null {
  const typed = raw.trim();
  if (typed.includes('@')) return guestContactPattern.test(typed) ? typed : null;
  const digits = typed.replace(/[\s()+-]/g, '');
  if (!/^\d+$/.test(digits)) return null;
  if (digits.length === 11 && (digits[0] === '7' || digits[0] === '8')) {
    return `+7${digits.slice(1)}`;
  }
  if (digits.length === 10 && digits[0] === '9') return `+7${digits}`;
  return null;
}

/** The receipt's short code or the transfer id, without the spaces people type; '' → none. */
export function normaliseTransferRef(raw: string | null): string | null | undefined {
  const typed = (raw ?? '').replace(/\s/g, '');
  if (typed.length === 0) return null;
  return /^[A-Za-z0-9-]{4,64}$/.test(typed) ? typed : undefined;
}

export function createGuestSupportHandler(calls: AccountCalls): GuestHandlers {
  return {
    async 'account:guestSupport'({ contact, transferRef, text }) {
      const normalised = normaliseContact(contact);
      if (normalised === null) return refuse('bad-contact', 'Not a mobile number or e-mail.');
      const ref = normaliseTransferRef(transferRef);
      if (ref === undefined) return refuse('bad-transfer-ref', 'Not a transfer code.');
      const api = calls.client();
      if (api === null) return calls.offline();
      const sent = await api.guestSupport({ contact: normalised, transferRef: ref, text });
      return sent.ok ? ok(sent.value) : describeFailure(sent.error);
    },
  };
}
