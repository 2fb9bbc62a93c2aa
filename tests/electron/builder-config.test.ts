import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Ajv } from 'ajv';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (file: string) => readFileSync(`${root}/${file}`, 'utf8');
const config = parse(read('electron-builder.yml')) as Record<string, unknown> & {
  electronFuses: Record<string, boolean>;
  files: string[];
  linux: { target: string[]; icon: string };
  win: { target: string[]; icon: string };
  publish: { provider: string; url: string };
};

describe('electron-builder.yml', () => {
  it('is valid against app-builder-lib/scheme.json', () => {
    const schema = JSON.parse(read('node_modules/app-builder-lib/scheme.json'));
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(schema);
    const valid = validate(config);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    // The schema bites: a misspelled fuse would otherwise be silently ignored.
    expect(
      validate({ ...config, electronFuses: { ...config.electronFuses, runAsNod: false } }),
    ).toBe(false);
  });

  it('flips the security fuses', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('packs the compiled main, the preload bundle and the renderer into an asar', () => {
    expect(config.asar).toBe(true);
    expect(config.files).toEqual(expect.arrayContaining(['dist/**/*', 'renderer/dist/**/*']));
    const main = JSON.parse(read('package.json')).main as string;
    expect(main).toBe('dist/main/hosts/electron.js');
  });

  it('builds AppImage + deb and NSIS, and publishes to the generic update feed', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    // biome-ignore lint/suspicious/noTemplateCurlyInString: electron-builder's own env macro
    const url = '${env.KIOSK_UPDATE_URL}';
    expect(config.publish).toMatchObject({ provider: 'generic', url });
  });

  it('points at icons that exist with the sizes electron-builder needs', () => {
    for (const size of [512, 256]) {
      const png = PNG.sync.read(readFileSync(`${root}/${config.linux.icon}/${size}x${size}.png`));
      expect([png.width, png.height]).toEqual([size, size]);
    }
    expect(existsSync(`${root}/${config.win.icon}`)).toBe(true);
    expect(read('assets/icons/icon.svg')).toMatch(/^<svg [^>]*viewBox="0 0 512 512"/);
  });
});

describe('service files', () => {
  it('the systemd unit always restarts the kiosk and never gives up', () => {
    const unit = read('assets/service/kiosk.service');
    expect(unit).toMatch(/^Restart=always$/m);
    expect(unit).toMatch(/^StartLimitIntervalSec=0$/m);
    expect(unit).toMatch(/^ExecStart=\/opt\/Kiosk\/kiosk$/m);
    expect(unit).toMatch(/^WantedBy=graphical\.target$/m);
  });

  it('the systemd unit caps glibc malloc arenas (the memory bench measures with the same line)', () => {
    const unit = read('assets/service/kiosk.service');
    expect(unit).toMatch(/^Environment=MALLOC_ARENA_MAX=2$/m);
  });

  it('the Windows task starts the restart loop at logon without a time limit', () => {
    const task = read('assets/service/windows/kiosk-task.xml');
    expect(task).toContain('<LogonTrigger>');
    expect(task).toContain('<ExecutionTimeLimit>PT0S</ExecutionTimeLimit>');
    expect(task).toContain('kiosk-restart-loop.ps1');
    expect(read('assets/service/windows/kiosk-restart-loop.ps1')).toContain('while ($true)');
  });
});
