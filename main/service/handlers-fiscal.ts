import type { serviceCommands } from '../../common/contract.ts';
import { err, ok } from '../../common/result.ts';
import type { HandlersFor } from '../hosts/dispatch.ts';
import type { ServiceFiscal } from './deps.ts';
import type { ServiceCore } from './service-core.ts';

type Handlers = HandlersFor<typeof serviceCommands>;
type FiscalChannels =
  | 'fiscal:panel'
  | 'fiscal:xReport'
  | 'fiscal:closeShift'
  | 'fiscal:confirmOtherParty';

/** Reports are the collector's work at a collection as much as the operator's. */
const collecting = ['operator', 'collector'] as const;
const operator = ['operator'] as const;

const notFiscal = () =>
  err({ kind: 'not-fiscal', message: 'This kiosk has no fiscal registrar (KIOSK_FISCAL=none).' });

/**
 * The fiscal registrar in service mode (docs/fiscal.md §7): its panel, the X report, closing the
 * shift (Z report) and, where another party fiscalises, the operator's explicit confirmation.
 * Reports are refused while a payer's cash is inside: the receipt for that cash comes first.
 */
export function fiscalHandlers(core: ServiceCore): Pick<Handlers, FiscalChannels> {
  const { deps, guard } = core;
  const fiscal: ServiceFiscal | null = deps.fiscal ?? null;
  const cashInside = () =>
    deps.depositHoldsCash()
      ? err({ kind: 'deposit-active', message: 'A payment holds cash right now.' })
      : null;
  return {
    // Polled by the screen: a read, not an action worth an audit row.
    'fiscal:panel': guard(
      'fiscal:panel',
      collecting,
      async () => (fiscal === null ? notFiscal() : ok(await fiscal.panel())),
      { audited: false },
    ),
    'fiscal:xReport': guard('fiscal:xReport', collecting, async () => {
      if (fiscal?.registrar == null) return notFiscal();
      const refused = cashInside();
      if (refused !== null) return refused;
      const printed = await fiscal.registrar.xReport();
      return printed.ok ? ok({ done: true }) : err(printed.error);
    }),
    'fiscal:closeShift': guard('fiscal:closeShift', collecting, async () => {
      if (fiscal?.registrar == null) return notFiscal();
      const refused = cashInside();
      if (refused !== null) return refused;
      const closed = await fiscal.registrar.closeShift();
      return closed.ok ? ok(closed.value) : err(closed.error);
    }),
    'fiscal:confirmOtherParty': guard(
      'fiscal:confirmOtherParty',
      operator,
      async ({ confirmed, fiscalizedBy }, session) => {
        const otherParty = fiscal?.otherParty ?? null;
        if (fiscal === null || otherParty === null) {
          return err({
            kind: 'not-other-party',
            message: 'This kiosk fiscalises its payments on its own registrar.',
          });
        }
        if (!confirmed) {
          otherParty.confirm(null);
          return ok(await fiscal.panel());
        }
        const named = otherParty.fiscalizedBy();
        if (named === null) {
          return err({
            kind: 'no-party',
            message: "Central's configuration names no party that fiscalises the payments.",
          });
        }
        if (named !== fiscalizedBy) {
          return err({
            kind: 'party-changed',
            message: `Central now names "${named}": read it again before confirming.`,
          });
        }
        otherParty.confirm({ fiscalizedBy, role: session.role });
        return ok(await fiscal.panel());
      },
    ),
  };
}
