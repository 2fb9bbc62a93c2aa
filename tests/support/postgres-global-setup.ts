/**
 * Vitest global setup of the `central-postgres` project: one PostgreSQL server for the whole
 * run (postgres-server.ts), its template databases built once (central-postgres.ts), its URL
 * handed to the test workers through the environment, and the server stopped at the end.
 */
import { ADMIN_URL_ENV, buildTemplates } from './central-postgres.ts';
import { startTestPostgres } from './postgres-server.ts';

export default async function setup(): Promise<() => Promise<void>> {
  const server = await startTestPostgres();
  try {
    await buildTemplates(server.adminUrl);
  } catch (error) {
    await server.stop();
    throw error;
  }
  process.env[ADMIN_URL_ENV] = server.adminUrl;
  return () => server.stop();
}
