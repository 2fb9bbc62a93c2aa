import { chmodSync, mkdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../tests/support/ledger-support.ts';
import { secureDataDir, securePrivateTree } from './private-files.ts';

const modeOf = (file: string) => statSync(file).mode & 0o777;

describe('securePrivateTree', () => {
  let temp: ReturnType<typeof tempDir>;
  beforeEach(() => {
    temp = tempDir('kiosk-modes-');
  });
  afterEach(() => temp.remove());

  it('takes group and other bits off our files and directories, keeping owner bits', () => {
    const dir = path.join(temp.dir, 'data');
    mkdirSync(path.join(dir, 'logs'), { recursive: true });
    chmodSync(dir, 0o755);
    chmodSync(path.join(dir, 'logs'), 0o775);
    writeFileSync(path.join(dir, 'ledger.sqlite'), 'x', { mode: 0o644 });
    writeFileSync(path.join(dir, 'logs', 'kiosk.1.log'), 'x', { mode: 0o666 });
    writeFileSync(path.join(dir, 'tool.sh'), 'x', { mode: 0o755 });
    writeFileSync(path.join(dir, 'ok.key'), 'x', { mode: 0o600 });
    chmodSync(path.join(dir, 'ledger.sqlite'), 0o644);
    chmodSync(path.join(dir, 'logs', 'kiosk.1.log'), 0o666);
    chmodSync(path.join(dir, 'tool.sh'), 0o755);

    const secured = securePrivateTree(dir);
    expect(secured.ok).toBe(true);
    expect(modeOf(dir)).toBe(0o700);
    expect(modeOf(path.join(dir, 'logs'))).toBe(0o700);
    expect(modeOf(path.join(dir, 'ledger.sqlite'))).toBe(0o600);
    expect(modeOf(path.join(dir, 'logs', 'kiosk.1.log'))).toBe(0o600);
    expect(modeOf(path.join(dir, 'tool.sh'))).toBe(0o700);
    const repaired = secured.ok ? secured.value.map((repair) => path.basename(repair.path)) : [];
    expect(repaired.sort()).toEqual(['data', 'kiosk.1.log', 'ledger.sqlite', 'logs', 'tool.sh']);
  });

  it('creates a missing directory as 0700', () => {
    const dir = path.join(temp.dir, 'fresh', 'data');
    expect(securePrivateTree(dir)).toEqual({ ok: true, value: [] });
    expect(modeOf(dir)).toBe(0o700);
  });

  it('does not follow a link out of the directory', () => {
    const outside = path.join(temp.dir, 'outside.txt');
    writeFileSync(outside, 'x');
    chmodSync(outside, 0o644);
    const dir = path.join(temp.dir, 'data');
    mkdirSync(dir, { mode: 0o700 });
    symlinkSync(outside, path.join(dir, 'link'));
    expect(securePrivateTree(dir).ok).toBe(true);
    expect(modeOf(outside)).toBe(0o644);
  });

  it('refuses, naming the entry, when a wide entry belongs to another user', () => {
    const dir = path.join(temp.dir, 'data');
    mkdirSync(dir, { mode: 0o700 });
    writeFileSync(path.join(dir, 'ledger.sqlite'), 'x');
    chmodSync(path.join(dir, 'ledger.sqlite'), 0o644);
    // Another uid than the files' owner: this process cannot make them private.
    const notOwner = (process.getuid?.() ?? 0) + 4242;
    const secured = securePrivateTree(dir, notOwner);
    expect(secured).toMatchObject({ ok: false, error: { kind: 'not-ours' } });
    expect(secured.ok ? '' : secured.error.message).toContain('ledger.sqlite');
    expect(modeOf(path.join(dir, 'ledger.sqlite'))).toBe(0o644);
  });

  it('secureDataDir leaves the process creating private files', () => {
    const before = process.umask();
    try {
      secureDataDir(path.join(temp.dir, 'data'), "the test's", () => {});
      const file = path.join(temp.dir, 'data', 'later.txt');
      writeFileSync(file, 'x');
      expect(modeOf(file)).toBe(0o600);
    } finally {
      process.umask(before);
    }
  });
});
