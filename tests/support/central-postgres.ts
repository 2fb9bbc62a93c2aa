/**
 * Test support: which database central's tests run on, and a fresh PostgreSQL database for
 * each test's central when that is PostgreSQL.
 *
 * `npm test` runs central's suite twice (vitest.config.ts): as every other test, on embedded
 * SQLite, and as the `central-postgres` project with CENTRAL_TEST_ADAPTER=postgres, whose global
 * setup (postgres-global-setup.ts) starts one server for the run and builds three template
 * databases once: `empty` (the schema), `reference` (plus regions and facilities) and `demo`
 * (plus the demo inmates). Each central a test starts gets its own copy of one of them
 * (CREATE DATABASE … TEMPLATE, a file copy: far quicker than migrating and seeding again), so
 * test files never see each other's rows.
 */
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type CentralDb, openCentralDb } from '../../central/db.ts';
import { seedIfEmpty } from '../../central/generate.ts';

export type TestAdapter = 'sqlite' | 'postgres';

/** Set by the global setup: the server's maintenance database URL. */
export const ADMIN_URL_ENV = 'CENTRAL_TEST_PG_ADMIN_URL';

export type TemplateKind = 'empty' | 'reference' | 'demo';

const templateName = (kind: TemplateKind) => `central_template_${kind}`;

export function testAdapter(): TestAdapter {
  return process.env.CENTRAL_TEST_ADAPTER === 'postgres' ? 'postgres' : 'sqlite';
}

function adminUrl(): string {
  const url = process.env[ADMIN_URL_ENV];
  if (url === undefined || url === '') {
    throw new Error(`${ADMIN_URL_ENV} is not set: run through the central-postgres project`);
  }
  return url;
}

/** The same server, another database. */
function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

async function withAdmin<T>(serverUrl: string, work: (client: pg.Client) => Promise<T>) {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/** Builds the three templates on a fresh server (the global setup calls this once). */
export async function buildTemplates(serverUrl: string): Promise<void> {
  await withAdmin(serverUrl, async (client) => {
    for (const kind of ['empty', 'reference', 'demo'] as const) {
      await client.query(`DROP DATABASE IF EXISTS ${templateName(kind)}`);
      await client.query(`CREATE DATABASE ${templateName(kind)}`);
    }
  });
  for (const kind of ['empty', 'reference', 'demo'] as const) {
    const url = databaseUrl(serverUrl, templateName(kind));
    const { db } = await openCentralDb('', url);
    if (kind !== 'empty') await seedIfEmpty(db, kind === 'demo');
    await db.close();
  }
}

/** A new database copied from a template: its URL. */
export async function freshCentralDatabase(kind: TemplateKind): Promise<string> {
  const server = adminUrl();
  const name = `central_t${process.pid}_${randomBytes(6).toString('hex')}`;
  await withAdmin(server, async (client) => {
    // Two copies of one template at the same moment may collide on its lock: try again.
    for (let attempt = 1; ; attempt += 1) {
      try {
        await client.query(`CREATE DATABASE ${name} TEMPLATE ${templateName(kind)}`);
        return;
      } catch (error) {
        if (attempt >= 20 || (error as { code?: string }).code !== '55006') throw error;
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    }
  });
  return databaseUrl(server, name);
}

/** Drops a database made by freshCentralDatabase (its connections are ended first). */
export async function dropCentralDatabase(url: string): Promise<void> {
  const name = new URL(url).pathname.slice(1);
  if (!/^central_t\d+_[0-9a-f]+$/.test(name)) throw new Error(`not a test database: ${name}`);
  await withAdmin(adminUrl(), (client) =>
    client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  );
}

/**
 * Central's database for a test that opens it directly: central.sqlite in `dataDir`, or on the
 * central-postgres project a fresh copy of the `empty` template. close() also drops the copy.
 */
export async function openTestCentralDb(dataDir: string) {
  if (testAdapter() === 'sqlite') return openCentralDb(dataDir, null);
  const url = await freshCentralDatabase('empty');
  const opened = await openCentralDb(dataDir, url);
  const close = opened.db.close;
  const db: CentralDb = {
    ...opened.db,
    close: async () => {
      await close();
      await dropCentralDatabase(url);
    },
  };
  return { db, created: opened.created };
}
