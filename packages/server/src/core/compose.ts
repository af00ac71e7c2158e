import type { Handler, Next, QueryContext, Reply } from "./handler.js";

const end: Next = () => null;

/**
 * Compose handlers into one, after Hono's compose but linked once up front: each handler's
 * `next` is the rest of the chain, built here, so a query allocates no closures on its way
 * through. Past the last handler, `next` answers null (nothing to send) — a chain must end in
 * a handler that always answers.
 */
export function compose(handlers: readonly Handler[]): (ctx: QueryContext) => Reply {
  let next = end;
  for (let i = handlers.length - 1; i >= 0; i--) {
    const handler = handlers[i]!;
    const rest = next;
    next = (ctx) => handler(ctx, rest);
  }
  return next;
}
