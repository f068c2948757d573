import { CowshedError } from '../../../shared/errors';
import type { CoreContext, HandlerMap, PrivilegeControl } from '../context';

function control(ctx: CoreContext): PrivilegeControl {
  if (!ctx.privilege) throw new CowshedError('INTERNAL', 'This Service has no privilege manager.');
  return ctx.privilege;
}

/** Privilege status, the pre-flight (which actions need admin here) and starting the helper. */
export const privilegeHandlers: Pick<HandlerMap, 'privilegeStatus' | 'preflight' | 'authenticate'> = {
  privilegeStatus: (_req, ctx) => control(ctx).status(),
  async preflight(_req, ctx) {
    return control(ctx).preflight(await ctx.probe());
  },
  authenticate: (req, ctx) => control(ctx).authenticate(req),
};
