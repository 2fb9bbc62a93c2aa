import { defineConfig } from 'vitest/config';

const long = process.env.KIOSK_LONG === '1';

/**
 * Central's suite, run a second time on PostgreSQL (the `central-postgres` project): central's
 * own tests and the integration tests that talk to a central server alone. Left out: the ones
 * about the SQLite file itself (its file modes, reading it directly) and the kiosk's.
 */
const CENTRAL_SUITE = [
  'central/**/*.test.ts',
  'tests/integration/central-{abuse-caps,api,bounds,config,idempotency,metrics,openapi}.test.ts',
  'tests/integration/central-{payer,roster-ranking,schema-truth,signing,stateless}.test.ts',
  'tests/integration/{payer-lockout,payer-web-abuse,payer-web-channel,payer-web-cors}.test.ts',
  'tests/integration/{accounts-central,guest-support,receipt-sms}.test.ts',
  'tests/integration/{search-look-alike,search-sweep}.test.ts',
  'tests/integration/console-*.test.ts',
  'tests/integration/payer-app-{payments,shell,top-ups}.test.ts',
  'tests/integration/payer-{sender-notify,account-lifecycle}.test.ts',
  'tests/integration/config-layers.test.ts',
];

export default defineConfig({
  test: {
    exclude: ['node_modules/**', 'dist/**', 'renderer/dist/**', 'console/dist/**'],
    testTimeout: long ? 3_600_000 : 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
    // A stylesheet read as text (`?raw`) keeps its text: renderer/src/checks/ reads the CSS.
    css: { include: [/\.css\?(?:.*&)?raw\b/] },
    projects: [
      { extends: true, test: { name: 'default', include: ['**/*.test.ts', '**/*.test.tsx'] } },
      {
        extends: true,
        test: {
          name: 'central-postgres',
          include: CENTRAL_SUITE,
          env: { CENTRAL_TEST_ADAPTER: 'postgres' },
          globalSetup: ['tests/support/postgres-global-setup.ts'],
        },
      },
    ],
  },
});
