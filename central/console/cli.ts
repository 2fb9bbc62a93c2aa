/**
 * The console's bootstrap from the command line, on central's database (CENTRAL_DATA_DIR or
 * CENTRAL_DATABASE_URL), like central/cli.ts: the first administrator without an admin token.
 *   CONSOLE_PASSWORD=… node central/console/cli.ts create-admin <login> [display name…]
 * The password comes from the environment (never an argument: it would show in `ps`) and
 * follows the project's policy; the creation is written to the audit log.
 */
import { ConsoleLoginSchema } from '../../common/console-wire.ts';
import { openCentralDb } from '../db.ts';
import { createAccounts, DEFAULT_SESSION_LIMITS } from './accounts.ts';
import { createUserStore } from './store-users.ts';

const USAGE =
  'usage: CONSOLE_PASSWORD=… node central/console/cli.ts create-admin <login> [name…]\n';

function fail(message: string, code = 1): never {
  process.stderr.write(`${message}\n`);
  process.exit(code);
}

async function run(argv: string[]): Promise<void> {
  const [command, login, ...name] = argv;
  if (command !== 'create-admin' || login === undefined) fail(USAGE, 2);
  if (!ConsoleLoginSchema.safeParse(login).success) fail(`not a console login: ${login}`, 2);
  const password = process.env.CONSOLE_PASSWORD;
  if (password === undefined || password === '') fail(`CONSOLE_PASSWORD is not set\n${USAGE}`, 2);
  const { db } = await openCentralDb(
    process.env.CENTRAL_DATA_DIR ?? './central-data',
    process.env.CENTRAL_DATABASE_URL || null,
  );
  try {
    const accounts = createAccounts(createUserStore(db), DEFAULT_SESSION_LIMITS);
    const nowMs = Date.now();
    const created = await accounts.createUser(
      {
        login,
        displayName: name.join(' ') || login,
        email: null,
        role: 'administrator',
        scope: { all: true },
        password,
      },
      nowMs,
    );
    if (!created.ok) fail(`${created.error.code}: ${created.error.message}`);
    await accounts.audit({
      atMs: nowMs,
      userId: null,
      login: '(command line)',
      action: 'user-create',
      target: login,
      detail: { role: 'administrator', scope: { all: true } },
      ip: 'local',
    });
    process.stdout.write(`administrator ${login} created\n`);
  } finally {
    await db.close();
  }
}

run(process.argv.slice(2)).catch((error: unknown) =>
  fail(error instanceof Error ? error.message : String(error)),
);
