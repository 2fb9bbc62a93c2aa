/**
 * A provider configured from the environment (SMS, SMTP, card acquiring): its variables are
 * all set, none is (the provider is off or the development one stands in), or they are half
 * set or malformed, which names the variable. `npm run central` checks every one before it
 * starts (central/start.ts); server.ts makes the providers.
 */
export type EnvConfig<C> = C | null | { invalid: string };

export function invalidEnv(config: EnvConfig<object>): string | null {
  return config !== null && 'invalid' in config ? String(config.invalid) : null;
}

/** The provider `config` makes, or null when none is set; a half-set one throws. */
export function fromEnvConfig<C extends object, T>(
  config: EnvConfig<C>,
  create: (config: C) => T,
): T | null {
  if (config === null) return null;
  const invalid = invalidEnv(config);
  if (invalid !== null) throw new Error(invalid);
  return create(config as C);
}
