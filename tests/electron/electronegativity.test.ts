import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

/**
 * Electronegativity (Doyensec's static checker for Electron apps) over the code that runs in
 * Electron: main/, preload/ and renderer/, scanned together so that its global checks
 * (navigation limits, permission handler, CSP) see the whole app. Every finding must be in
 * electronegativity-allow.json with a reason.
 */
const root = fileURLToPath(new URL('../..', import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), 'kiosk-electronegativity-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const header = 'issue, severity, confidence, filename, location, sample, description, url';
type Finding = { issue: string; severity: string; file: string; location: string; sample: string };
type Allowed = { issue: string; file: string; reason: string };

function runElectronegativity(input: string, output: string): Promise<string> {
  const cli = path.join(root, 'node_modules/@doyensec/electronegativity/dist/index.js');
  const hook = path.join(root, 'tests/electron/electronegativity-hook.ts');
  const args = ['--import', hook, cli, '-i', input, '-e', '41.10.0'];
  args.push('-x', 'AvailableSecurityFixesGlobalCheck', '-o', output);
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  child.stdout.on('data', (chunk) => (log += chunk));
  child.stderr.on('data', (chunk) => (log += chunk));
  // It may exit non-zero after writing the report (network lookups fail here): the CSV decides.
  return new Promise((resolve) =>
    child.on('close', (code, signal) => resolve(`${log}\n(exit ${code ?? signal})`)),
  );
}

/** Splits one CSV line with "quoted, fields" and "" escapes. */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted && char === '"' && line[i + 1] === '"') {
      field += '"';
      i++;
    } else if (char === '"') quoted = !quoted;
    else if (char === ',' && !quoted) {
      fields.push(field);
      field = '';
    } else field += char;
  }
  fields.push(field);
  return fields;
}

/**
 * Null when the file is torn: the tool writes the header and the rows with two concurrent
 * fs.writeFile calls (dist/util/file.js), so now and then the header overwrites the first row.
 */
function parseReport(text: string, scannedDir: string): Finding[] | null {
  const lines = text.split(/\r?\n/).filter((line) => line !== '');
  if (lines[0] !== header) return null;
  const findings: Finding[] = [];
  for (const line of lines.slice(1)) {
    const fields = csvFields(line);
    if (fields.length !== 8 || !/^[A-Z_]+$/.test(fields[0] ?? '')) return null;
    const [issue, severity, , file, location, sample] = fields as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const relative =
      file === 'N/A' ? file : path.relative(scannedDir, file).split(path.sep).join('/');
    findings.push({ issue, severity, file: relative, location, sample });
  }
  return findings;
}

describe('Electronegativity', () => {
  it('finds nothing in main/, preload/ and renderer/ beyond the reviewed allow-list', async () => {
    const app = path.join(work, 'app');
    for (const dir of ['main', 'preload', 'renderer']) {
      if (!existsSync(path.join(root, dir))) continue;
      cpSync(path.join(root, dir), path.join(app, dir), {
        recursive: true,
        filter: (source) => !/[\\/](dist|node_modules)$/.test(source),
      });
    }
    let findings: Finding[] | null = null;
    let log = '';
    // The tool's report write can be torn (see parseReport); a few tries, never a silent pass.
    for (let attempt = 1; attempt <= 5 && findings === null; attempt++) {
      const report = path.join(work, `report-${attempt}.csv`);
      log = await runElectronegativity(app, report);
      if (existsSync(report)) findings = parseReport(readFileSync(report, 'utf8'), app);
    }
    expect(findings, `no readable report; output:\n${log.slice(-2000)}`).not.toBeNull();

    // Proof that the TypeScript sources were parsed at all (a parse failure is silent).
    expect(findings?.some((f) => f.file === 'main/hosts/electron-shell.ts')).toBe(true);
    const allowed = JSON.parse(
      readFileSync(path.join(root, 'tests/electron/electronegativity-allow.json'), 'utf8'),
    ) as Allowed[];
    for (const entry of allowed) expect(entry.reason.length, entry.issue).toBeGreaterThan(40);
    const unexpected = (findings ?? []).filter(
      (finding) =>
        !allowed.some((entry) => entry.issue === finding.issue && entry.file === finding.file),
    );
    expect(unexpected).toEqual([]);
  });
});
