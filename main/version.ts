import { readFileSync } from 'node:fs';

/** The version in package.json, read once; shown on the status screen and sent in heartbeats. */
export const softwareVersion: string = (() => {
  const text = readFileSync(new URL('../package.json', import.meta.url), 'utf8');
  const version: unknown = JSON.parse(text).version;
  return typeof version === 'string' ? version : '0.0.0';
})();
