import { z } from 'zod';
import type { ServiceLedger } from './deps.ts';
import { hashPin, StoredPinSchema, verifyPin } from './pin-hash.ts';

/** PINs per role and the pad's lockout, both in the ledger's settings: they survive a restart. */
const PinsSchema = z
  .object({ operator: StoredPinSchema.nullable(), collector: StoredPinSchema.nullable() })
  .strict();
const LockoutSchema = z
  .object({
    failures: z.number().int().min(0).max(1_000_000),
    lockedUntilMs: z.number().int().min(0),
  })
  .strict();
export type Lockout = z.infer<typeof LockoutSchema>;

export const pinsKey = 'service.pins';
export const lockoutKey = 'service.lockout';

/** Wrong tries before the first lock; each further wrong try doubles the wait, up to a cap. */
export const lockoutPolicy = {
  freeFailures: 3,
  firstLockMs: 30_000,
  lockMsMax: 30 * 60_000,
} as const;

export function lockDelayMs(failures: number): number {
  if (failures < lockoutPolicy.freeFailures) return 0;
  const doublings = Math.min(failures - lockoutPolicy.freeFailures, 20);
  return Math.min(lockoutPolicy.firstLockMs * 2 ** doublings, lockoutPolicy.lockMsMax);
}

export type PinRole = 'operator' | 'collector';

export type LoginOutcome =
  | { kind: 'ok'; role: PinRole }
  | { kind: 'locked'; lockedUntilMs: number }
  | { kind: 'wrong-pin'; triesLeft: number; lockedUntilMs: number | null }
  | { kind: 'busy' }
  | { kind: 'setup-required' }
  | { kind: 'unreadable' };

export type PinStore = {
  isSetUp(): boolean;
  lockout(): Lockout;
  check(pin: string, nowMs: number): Promise<LoginOutcome>;
  setPin(role: PinRole, pin: string, nowMs: number): Promise<void>;
  /** True when `pin` already opens the other role (two roles must not share a PIN). */
  matchesOther(role: PinRole, pin: string): Promise<boolean>;
  /**
   * True when `pin` is `role`'s PIN. Not a login: nothing is counted, so it is for main's own
   * use (is the demo PIN still set?), never for a value from the screen.
   */
  isPinOf(role: PinRole, pin: string): Promise<boolean>;
};

const pads = new WeakMap<ServiceLedger, { checking: boolean }>();
function padOf(ledger: ServiceLedger): { checking: boolean } {
  let pad = pads.get(ledger);
  if (pad === undefined) {
    pad = { checking: false };
    pads.set(ledger, pad);
  }
  return pad;
}

export function createPinStore(ledger: ServiceLedger): PinStore {
  const readPins = () => {
    const found = ledger.settings.get(pinsKey, PinsSchema);
    if (found.ok) return { ...found.value, unreadable: false };
    // A stored value that does not parse must not reopen the wizard to whoever is at the
    // screen: it counts as set up, and no PIN opens it until a technician fixes the data.
    return { operator: null, collector: null, unreadable: found.error.kind === 'invalid' };
  };
  const readLockout = (): Lockout => {
    const found = ledger.settings.get(lockoutKey, LockoutSchema);
    return found.ok ? found.value : { failures: 0, lockedUntilMs: 0 };
  };
  const isSetUp = () => {
    const pins = readPins();
    return pins.unreadable || (pins.operator !== null && pins.collector !== null);
  };
  const writeLockout = (lockout: Lockout, nowMs: number) =>
    ledger.settings.set(lockoutKey, lockout, nowMs);
  /** Counts the try before its hash runs: a crash or a slow hash cannot lose it. */
  const reserveTry = (nowMs: number): number => {
    const failures = readLockout().failures + 1;
    const delayMs = lockDelayMs(failures);
    writeLockout({ failures, lockedUntilMs: delayMs === 0 ? 0 : nowMs + delayMs }, nowMs);
    return failures;
  };
  const verifyAny = async (pin: string): Promise<PinRole | null> => {
    const pins = readPins();
    for (const role of ['operator', 'collector'] as const) {
      const stored = pins[role];
      if (stored !== null && (await verifyPin(pin, stored))) return role;
    }
    return null;
  };
  // One pad, one try at a time: a try that arrives while another is hashing is refused as
  // 'busy' and not counted. A burst then costs its sender one counted try per hash, and a
  // stranger's burst cannot lock staff out for longer than the same number of slow taps.
  // Kept per ledger, so that two stores over one ledger still share the pad.
  const pad = padOf(ledger);
  return {
    isSetUp,
    lockout: readLockout,
    async check(pin, nowMs) {
      if (!isSetUp()) return { kind: 'setup-required' };
      if (readPins().unreadable) return { kind: 'unreadable' };
      if (pad.checking) return { kind: 'busy' };
      const before = readLockout();
      if (before.lockedUntilMs > nowMs)
        return { kind: 'locked', lockedUntilMs: before.lockedUntilMs };
      pad.checking = true;
      try {
        const failures = reserveTry(nowMs);
        const role = await verifyAny(pin);
        if (role !== null) {
          writeLockout({ failures: 0, lockedUntilMs: 0 }, nowMs);
          return { kind: 'ok', role };
        }
        const { lockedUntilMs } = readLockout();
        return {
          kind: 'wrong-pin',
          triesLeft: Math.max(0, lockoutPolicy.freeFailures - failures),
          lockedUntilMs: lockedUntilMs === 0 ? null : lockedUntilMs,
        };
      } finally {
        pad.checking = false;
      }
    },
    async setPin(role, pin, nowMs) {
      const stored = await hashPin(pin);
      const { operator, collector } = readPins();
      ledger.settings.set(pinsKey, { operator, collector, [role]: stored }, nowMs);
    },
    async matchesOther(role, pin) {
      const other = readPins()[role === 'operator' ? 'collector' : 'operator'];
      return other !== null && (await verifyPin(pin, other));
    },
    async isPinOf(role, pin) {
      const stored = readPins()[role];
      return stored !== null && (await verifyPin(pin, stored));
    },
  };
}
