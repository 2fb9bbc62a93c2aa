/**
 * Kiosk handlers for payer accounts: they call central with the terminal's signature
 * and the payer's session token, which stays in main (AccountSession) and is never returned.
 */
import type { accountCommands } from '../../common/contract.ts';
import type { HandlersFor } from '../hosts/dispatch.ts';
import { createAuthHandlers } from './account-auth-handlers.ts';
import { type AccountHandlerDeps, createAccountCalls } from './account-calls.ts';
import { createContentHandlers } from './account-content-handlers.ts';
import { createGuestSupportHandler } from './guest-support-handler.ts';

export type { AccountHandlerDeps } from './account-calls.ts';
export type AccountHandlers = HandlersFor<typeof accountCommands>;

export function createAccountHandlers(deps: AccountHandlerDeps): AccountHandlers {
  const calls = createAccountCalls(deps);
  return {
    ...createAuthHandlers(deps, calls),
    ...createContentHandlers(deps, calls),
    ...createGuestSupportHandler(calls),
  };
}
