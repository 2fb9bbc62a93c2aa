import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The path of the Electron binary, or null where it was never downloaded (our build machines:
 * its postinstall is denied in package.json). The `electron` package throws in that case.
 */
export function findElectronBinary(): string | null {
  try {
    const binary: unknown = createRequire(import.meta.url)('electron');
    return typeof binary === 'string' && existsSync(binary) ? binary : null;
  } catch {
    return null;
  }
}
