/**
 * Whether central's configuration names everyone a payer may have to call: the receipt promises
 * a support phone and prints the agent's, the operator's and the supplier's phones and INNs
 * (103-ФЗ art. 5). A kiosk never invents them: without them, or with a placeholder such as
 * 8 800 000-00-00, it takes no payments and service mode says which are missing.
 */
import type { TerminalConfig } from '../../common/central-wire.ts';

export type PaymentsBlock = 'no-terminal-config' | 'no-support-details';

/** The part of central's configuration that names whom a payer may call. */
export type SupportDetails = Pick<TerminalConfig, 'supportPhone' | 'agent' | 'supplier'>;

/** A number nobody answers: no digits, too few, or a subscriber part of zeros. */
export function isPlaceholderPhone(phone: string): boolean {
  const digits = phone.replaceAll(/\D/g, '');
  if (digits.length < 10) return true;
  return /^0{6,}[0-9]?$/.test(digits.slice(-7));
}

/** The configuration's missing or placeholder support details, by field name. */
export function missingSupportDetails(config: SupportDetails): string[] {
  const phones: Array<[string, string | undefined]> = [
    ['supportPhone', config.supportPhone],
    ['agent.phone', config.agent.phone],
    ['agent.operatorPhone', config.agent.operatorPhone],
    ['supplier.phone', config.supplier?.phone],
  ];
  const missing = phones
    .filter(([, phone]) => phone === undefined || isPlaceholderPhone(phone))
    .map(([field]) => field);
  if (config.supplier === undefined || config.supplier.name.trim() === '') {
    missing.push('supplier');
  }
  return missing;
}

/** Why no payment may start for want of central's configuration or its details, or null. */
export function paymentsBlockOf(config: SupportDetails | null): PaymentsBlock | null {
  if (config === null) return 'no-terminal-config';
  return missingSupportDetails(config).length > 0 ? 'no-support-details' : null;
}
