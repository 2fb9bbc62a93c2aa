import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';

import { repoRoot } from '../support/kiosk-process.ts';
import { execFileSync } from 'node:child_process';

export const screenshotDir = path.join(repoRoot, 'tests', 'e2e', 'screenshots');

export const portrait = { width: 1080, height: 1920 };
export const landscape = { width: 1920, height: 1080 };

/** One headless Chromium from @sparticuz/chromium (no browser download needed). */
export async function launchBrowser(): Promise<Browser> {
  const sparticuz = (await import('@sparticuz/chromium')).default;
  return chromium.launch({
    executablePath: await sparticuz.executablePath(),
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-quic',
    ],
  });
}

/** `npm test` builds the renderer first; a lone e2e run builds it if it is missing. */
export function ensureRendererBuilt(): void {
  if (existsSync(path.join(repoRoot, 'renderer', 'dist', 'index.html'))) return;
  execFileSync(
    process.execPath,
    [
      path.join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      'renderer/vite.config.ts',
    ],
    { cwd: repoRoot, stdio: 'inherit' },
  );
}

/** `npm test` builds the console first; a lone e2e run builds it if it is missing. */
export function ensureConsoleBuilt(): void {
  if (existsSync(path.join(repoRoot, 'console', 'dist', 'index.html'))) return;
  execFileSync(
    process.execPath,
    [
      path.join(repoRoot, 'node_modules', 'vite', 'bin', 'vite.js'),
      'build',
      '--config',
      'console/vite.config.ts',
    ],
    { cwd: repoRoot, stdio: 'inherit' },
  );
}

export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(screenshotDir, { recursive: true });
  const file = path.join(screenshotDir, `${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

/** Page errors and console errors collected for a test to assert there were none. */
export function collectPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return errors;
}

/** A page in its own context: axe-core needs a context it can open a helper page in. */
export async function newPage(browser: Browser, viewport: { width: number; height: number }) {
  const context = await browser.newContext({ viewport });
  return context.newPage();
}
