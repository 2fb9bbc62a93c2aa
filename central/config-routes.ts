/**
 * The terminal configuration's routes: a kiosk fetches its signed copy; an operator reads and
 * changes any terminal's (or the payer apps' `@web`) configuration with the admin token.
 */
import type { TerminalConfigPatch } from '../common/central-wire.ts';
import { ApiFailure, apiError } from './errors.ts';
import { type RouteContext, route, terminalOf } from './http.ts';
import type { RosterSigner } from './roster.ts';
import type { TerminalStore } from './terminals.ts';

export function registerConfigRoutes(
  context: RouteContext,
  terminals: TerminalStore,
  signer: RosterSigner,
): void {
  const { configs } = terminals;

  route(context, 'GET', '/v1/terminal/config/signed', 'terminal', async (request) => {
    const payload = await configs.payload(terminalOf(request), context.nowMs());
    if (payload === null) throw new ApiFailure(apiError(401, 'signature-invalid', 'unknown'));
    return { payload, signature: signer.sign(payload) };
  });

  const known = async (terminalId: string) => {
    const config = await configs.get(terminalId);
    if (config === null) {
      throw new ApiFailure(apiError(404, 'unknown-terminal', `no terminal ${terminalId}`));
    }
    return config;
  };

  route(context, 'GET', '/v1/admin/terminals/{terminalId}/config', 'admin', async (request) => {
    const { terminalId } = request.params as { terminalId: string };
    return known(terminalId);
  });

  route(context, 'POST', '/v1/admin/terminals/{terminalId}/config', 'admin', async (request) => {
    const { terminalId } = request.params as { terminalId: string };
    await known(terminalId);
    const changed = await configs.change(
      terminalId,
      request.body as TerminalConfigPatch,
      context.nowMs(),
    );
    if (!changed.ok) throw new ApiFailure(changed.error);
    return changed.value;
  });
}
