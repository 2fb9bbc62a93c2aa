import { z } from 'zod';
import type { TerminalConfig } from '../../common/central-wire.ts';
import type { Ledger } from '../ledger/ledger.ts';

/**
 * KIOSK_FISCAL=none: another party fiscalises this terminal's payments. That is true only once
 * an operator has read the party central names and confirmed it in service mode; the
 * confirmation is a ledger setting (audited by service mode) naming the party confirmed, so a
 * change of party at central needs a new confirmation. Until then no cash is taken.
 */
export const otherPartySettingKey = 'fiscal-other-party';

const ConfirmationSchema = z.object({
  confirmation: z
    .object({
      fiscalizedBy: z.string().min(1).max(200),
      atMs: z.number().int().nonnegative(),
      role: z.string().min(1).max(32),
    })
    .nullable(),
});
export type OtherPartyConfirmation = NonNullable<
  z.infer<typeof ConfirmationSchema>['confirmation']
>;

export function readOtherPartyConfirmation(
  ledger: Pick<Ledger, 'settings'>,
): OtherPartyConfirmation | null {
  const stored = ledger.settings.get(otherPartySettingKey, ConfirmationSchema);
  return stored.ok ? stored.value.confirmation : null;
}

export function writeOtherPartyConfirmation(
  ledger: Pick<Ledger, 'settings'>,
  confirmation: OtherPartyConfirmation | null,
  atMs: number,
): void {
  ledger.settings.set(otherPartySettingKey, { confirmation }, atMs);
}

/** The party central's configuration names, when it says another party fiscalises. */
export function namedParty(config: TerminalConfig | null): string | null {
  const fiscal = config?.fiscal;
  return fiscal?.mode === 'other-party' ? (fiscal.fiscalizedBy ?? null) : null;
}

/** The party in force: named by central and confirmed by an operator for that same name. */
export function confirmedParty(
  config: TerminalConfig | null,
  confirmation: OtherPartyConfirmation | null,
): string | null {
  const named = namedParty(config);
  return named !== null && confirmation?.fiscalizedBy === named ? named : null;
}
