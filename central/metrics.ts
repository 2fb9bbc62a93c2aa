/**
 * Central's Prometheus metrics (GET /v1/admin/metrics, admin token): what abuse looks like
 * from outside. One registry per server, so several servers in one process (tests, the
 * embedded demo) never mix their counts.
 */
import { Counter, Registry } from 'prom-client';

/** Why a code request got no SMS; the reasons of payer/sms-budget.ts. */
export type SmsRefusal =
  | 'resend-too-soon'
  | 'phone-purpose-hourly'
  | 'phone-hourly'
  | 'prefix-hourly'
  | 'global-hourly';

export type CentralMetrics = {
  registry: Registry;
  smsSent: Counter<'purpose'>;
  smsRefused: Counter<'reason'>;
  /** Payer logins, code logins and password changes refused while a client must wait. */
  payerAttemptsRefused: Counter<string>;
  /** Admin requests refused: a wrong or missing token, or an address waiting after those. */
  adminRefused: Counter<'reason'>;
  /** Cash transfers accepted without the payer link the terminal could not show a session for. */
  payerLinksDropped: Counter<string>;
};

export function createCentralMetrics(): CentralMetrics {
  const registry = new Registry();
  const registers = [registry];
  return {
    registry,
    smsSent: new Counter({
      name: 'central_sms_sent_total',
      help: 'SMS codes handed to the gateway, by purpose',
      labelNames: ['purpose'],
      registers,
    }),
    smsRefused: new Counter({
      name: 'central_sms_refused_total',
      help: 'SMS code requests refused, by the limit that refused them',
      labelNames: ['reason'],
      registers,
    }),
    payerAttemptsRefused: new Counter({
      name: 'central_payer_attempts_refused_total',
      help: 'Payer password or code attempts refused while that phone and client must wait',
      registers,
    }),
    adminRefused: new Counter({
      name: 'central_admin_refused_total',
      help: 'Admin requests refused, by reason',
      labelNames: ['reason'],
      registers,
    }),
    payerLinksDropped: new Counter({
      name: 'central_payer_links_dropped_total',
      help: 'Cash transfers accepted without a payer link no session at that terminal backed',
      registers,
    }),
  };
}
