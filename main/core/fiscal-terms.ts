/**
 * The fiscal terms of one payment from central's signed terminal configuration (pure). Null
 * when this kiosk does not fiscalise (no fiscal block, or another party does it) or when the
 * configuration lacks what a receipt must carry (then the payment gate refuses cash anyway).
 */
import type { TerminalConfig } from '../../common/central-wire-config.ts';
import { type FiscalTerms, FiscalTermsSchema, fnsSiteUrlDefault } from './fiscal-receipt.ts';

export type RecipientKind = 'inmate' | 'wallet';

export const principalItemNames: Record<RecipientKind, string> = {
  inmate: 'Перевод на лицевой счёт',
  wallet: 'Пополнение кошелька',
};
export const feeItemName = 'Вознаграждение платёжного агента';

export type FiscalTermsInput = {
  config: TerminalConfig;
  recipientKind: RecipientKind;
  /** The transfer's tracking URL and code, as its paper receipt prints them; null: none. */
  tracking: { url: string; code: string } | null;
};

/** True when this kiosk must issue a fiscal receipt for each payment itself. */
export function fiscalisesHere(config: TerminalConfig | null): boolean {
  return config?.fiscal?.mode === 'registrar';
}

export function fiscalTermsOf(input: FiscalTermsInput): FiscalTerms | null {
  const { config } = input;
  const fiscal = config.fiscal;
  if (fiscal === undefined || fiscal.mode !== 'registrar') return null;
  const agent = config.agent;
  const operator = { name: agent.operatorName, inn: agent.operatorInn, phone: agent.operatorPhone };
  // A wallet top-up is owed to the operator that keeps the wallets, not to a facility's
  // treasury: the operator is its supplier (docs/fiscal.md §7, an open point).
  const supplier = input.recipientKind === 'wallet' ? operator : config.supplier;
  if (supplier === undefined) return null;
  const parsed = FiscalTermsSchema.safeParse({
    taxSystem: fiscal.taxSystem,
    agent: { name: agent.name, inn: agent.inn, address: agent.address, phone: agent.phone },
    operator,
    supplier,
    terminalId: config.terminalId,
    automatNumber: fiscal.automatNumber,
    settlementAddress: fiscal.settlementAddress,
    settlementPlace: fiscal.settlementPlace,
    fnsSiteUrl: fiscal.fnsSiteUrl ?? fnsSiteUrlDefault,
    principalItemName: principalItemNames[input.recipientKind],
    feeItemName,
    trackingUrl: input.tracking?.url ?? null,
    trackingCode: input.tracking?.code ?? null,
    supportPhone: config.supportPhone,
  });
  return parsed.success ? parsed.data : null;
}
