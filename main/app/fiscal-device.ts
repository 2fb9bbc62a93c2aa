import type { FiscalRegistrarPort } from '../../common/fiscal-port.ts';
import { err, ok, type Result } from '../../common/result.ts';
import { openSerialLink } from '../../protocol/serial-link.ts';
import { parseDeviceSpec } from '../devices/device-spec.ts';
import { ShtrihFiscalRegistrar } from '../devices/shtrih/driver.ts';
import type { Logger } from '../log.ts';
import type { DevHooks } from './dev-hooks.ts';

/**
 * The fiscal registrar `KIOSK_FISCAL` names: the Shtrih-M driver over a serial port, or the same
 * driver over a memory link to the emulator (main/dev/, through the development hooks), or none
 * when another party fiscalises the payments.
 */
export type OpenedRegistrar =
  | { adapter: 'shtrih' | 'emulator'; registrar: FiscalRegistrarPort }
  | { adapter: 'none'; registrar: null };

export async function openFiscalRegistrar(options: {
  spec: string;
  dev: DevHooks | null;
  log: Logger;
}): Promise<Result<OpenedRegistrar, string>> {
  const parsed = parseDeviceSpec(options.spec);
  if (!parsed.ok) return err(parsed.error.message);
  const spec = parsed.value;
  const deviceLog = options.log.child({ device: 'fiscal' });
  const log = (level: 'debug' | 'info' | 'warn' | 'error', message: string, fields = {}) =>
    deviceLog[level](fields, message);
  switch (spec.kind) {
    case 'none':
      return ok({ adapter: 'none', registrar: null });
    case 'emulator':
      if (options.dev === null) {
        return err('KIOSK_FISCAL=emulator needs the development parts, absent here');
      }
      return ok({
        adapter: 'emulator',
        registrar: new ShtrihFiscalRegistrar(options.dev.fiscalLink(), { log }),
      });
    case 'shtrih':
      try {
        const link = await openSerialLink(spec.path, spec.baudRate);
        return ok({ adapter: 'shtrih', registrar: new ShtrihFiscalRegistrar(link, { log }) });
      } catch (error) {
        return err(`${spec.path}: ${error instanceof Error ? error.message : String(error)}`);
      }
    default:
      return err(`${options.spec} is not a fiscal registrar`);
  }
}
