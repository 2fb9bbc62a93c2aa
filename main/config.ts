import path from 'node:path';
import { z } from 'zod';
import { err, ok, type Result } from '../common/result.ts';
import { type DeviceSpec, parseDeviceSpec } from './devices/device-spec.ts';

/**
 * Environment first (docs/ARCHITECTURE.md §5); operator settings in the ledger come on top later.
 * Every value is validated here, once, with a message that names the variable and the fix.
 */
/** The same parser the devices are opened with, so a spec that loads also opens. */
const deviceSpec = (kinds: readonly DeviceSpec['kind'][]) =>
  z
    .string()
    .trim()
    .superRefine((value, context) => {
      const parsed = parseDeviceSpec(value);
      if (!parsed.ok) context.addIssue({ code: 'custom', message: parsed.error.message });
      else if (!kinds.includes(parsed.value.kind)) {
        context.addIssue({ code: 'custom', message: `expected one of: ${kinds.join(', ')}` });
      }
    });

const portNumber = z.coerce
  .number({ message: 'expected a port number' })
  .int('expected an integer port')
  .min(0, 'port must be 0..65535')
  .max(65_535, 'port must be 0..65535');

const EnvSchema = z.object({
  KIOSK_DATA_DIR: z.string().trim().min(1).default('./data'),
  KIOSK_BILL_ACCEPTOR: deviceSpec(['ccnet', 'emulator']).default('emulator'),
  KIOSK_PRINTER: deviceSpec(['escpos', 'escpos-file', 'emulator', 'fiscal']).default('emulator'),
  /**
   * The fiscal registrar (docs/fiscal.md): a Shtrih-M ККТ on a serial port, the emulator (the
   * demo), or `none` when another party fiscalises the payments (then in force only after the
   * operator confirms it in service mode).
   */
  KIOSK_FISCAL: deviceSpec(['shtrih', 'emulator', 'none']).default('emulator'),
  KIOSK_CENTRAL_URL: z
    .string()
    .trim()
    .url('expected an http(s) URL such as https://central.example/api')
    .refine((value) => /^https?:\/\//.test(value), 'expected an http(s) URL')
    .optional(),
  KIOSK_HOST: z.enum(['electron', 'headless']).optional(),
  KIOSK_HTTP_PORT: portNumber.default(5174),
  KIOSK_LOG_LEVEL: z
    .enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
    .default('info'),
  /** Test knob: the heartbeat period (its answer is how a config change reaches the kiosk). */
  KIOSK_HEARTBEAT_MS: z.coerce
    .number()
    .int('expected milliseconds')
    .min(1_000, 'at least 1000 ms')
    .max(3_600_000, 'at most one hour')
    .optional(),
  /** Test knob: the fiscal shift keeper's and receipt queue's round (30 s). */
  KIOSK_FISCAL_TICK_MS: z.coerce
    .number()
    .int('expected milliseconds')
    .min(200, 'at least 200 ms')
    .max(600_000, 'at most ten minutes')
    .optional(),
});

export type KioskConfig = {
  dataDir: string;
  billAcceptor: string;
  /** `fiscal`: non-fiscal documents print on the fiscal registrar too. */
  printer: string;
  /** `shtrih:<path>[:baud]`, `emulator` or `none`. */
  fiscal: string;
  /** null → `npm start` embeds the reference central server. */
  centralUrl: string | null;
  /** null → Electron if its binary is present, else headless. */
  host: 'electron' | 'headless' | null;
  httpPort: number;
  logLevel: string;
  /** Heartbeat period; absent: 60 s. */
  heartbeatMs?: number;
  /** The fiscal layer's round; absent: 30 s. */
  fiscalTickMs?: number;
};

export type ConfigError = { kind: 'config'; problems: string[] };

export function loadConfig(
  env: Record<string, string | undefined>,
): Result<KioskConfig, ConfigError> {
  const relevant = Object.fromEntries(
    Object.entries(env).filter(([key, value]) => key.startsWith('KIOSK_') && value !== ''),
  );
  const parsed = EnvSchema.safeParse(relevant);
  if (!parsed.success) {
    const problems = parsed.error.issues.map(
      (issue) =>
        `${issue.path.join('.')}=${JSON.stringify(relevant[String(issue.path[0])])}: ${issue.message}`,
    );
    return err({ kind: 'config', problems });
  }
  const value = parsed.data;
  if (value.KIOSK_PRINTER === 'fiscal' && value.KIOSK_FISCAL === 'none') {
    return err({
      kind: 'config',
      problems: [
        'KIOSK_PRINTER="fiscal": the printer is the fiscal registrar, but KIOSK_FISCAL="none"; ' +
          'set KIOSK_FISCAL to shtrih:<path>[:baud] or emulator, or name an ESC/POS printer',
      ],
    });
  }
  return ok({
    dataDir: path.resolve(value.KIOSK_DATA_DIR),
    billAcceptor: value.KIOSK_BILL_ACCEPTOR,
    printer: value.KIOSK_PRINTER,
    fiscal: value.KIOSK_FISCAL,
    centralUrl: value.KIOSK_CENTRAL_URL ?? null,
    host: value.KIOSK_HOST ?? null,
    httpPort: value.KIOSK_HTTP_PORT,
    logLevel: value.KIOSK_LOG_LEVEL,
    ...(value.KIOSK_HEARTBEAT_MS === undefined ? {} : { heartbeatMs: value.KIOSK_HEARTBEAT_MS }),
    ...(value.KIOSK_FISCAL_TICK_MS === undefined
      ? {}
      : { fiscalTickMs: value.KIOSK_FISCAL_TICK_MS }),
  });
}

export function formatConfigError(error: ConfigError): string {
  return `Configuration error:\n${error.problems.map((p) => `  - ${p}`).join('\n')}`;
}
