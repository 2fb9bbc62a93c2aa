import { lstatSync, readdirSync } from 'node:fs';
import path from 'node:path';

export type ModeEntry = { path: string; kind: 'dir' | 'file'; mode: number };

/** Every directory and regular file under `root` (itself included), with its permission bits. */
export function modesUnder(root: string): ModeEntry[] {
  const found: ModeEntry[] = [];
  const visit = (current: string) => {
    const info = lstatSync(current);
    if (info.isDirectory()) {
      found.push({ path: current, kind: 'dir', mode: info.mode & 0o777 });
      for (const name of readdirSync(current)) visit(path.join(current, name));
    } else if (info.isFile()) {
      found.push({ path: current, kind: 'file', mode: info.mode & 0o777 });
    }
  };
  visit(root);
  return found;
}

/** Entries a group member or another user could read, written as "path 0644". */
export function widerThanPrivate(root: string): string[] {
  return modesUnder(root)
    .filter((entry) => (entry.mode & 0o077) !== 0)
    .map((entry) => `${path.relative(root, entry.path) || '.'} 0${entry.mode.toString(8)}`);
}
