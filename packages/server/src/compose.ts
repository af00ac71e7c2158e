import type { Handler, QueryContext, Reply } from "./context.js";

/**
 * Compose handlers into one (after Hono's compose): each handler gets a `next` that runs the
 * rest of the chain. Past the last handler, `next` answers null (nothing to send) — the chain
 * must end in a handler that always answers.
 */
export function compose(handlers: readonly Handler[]): (ctx: QueryContext) => Reply {
  return (ctx) => {
    const dispatch = (i: number): Reply => {
      const handler = handlers[i];
      if (!handler) return null;
      return handler(ctx, () => dispatch(i + 1));
    };
    return dispatch(0);
  };
}
