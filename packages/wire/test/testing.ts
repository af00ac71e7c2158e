/**
 * Test helpers for other packages' tests, as `@dnsteer/wire/testing` (so no test reaches into
 * this package's folders by relative path): hand-built query bytes and zone-style RDATA tokens.
 */

export { tok } from "../src/rdata/tokens.test-helper.js";
export { buildQuery, opt, type QuerySpec } from "./build-query.js";
