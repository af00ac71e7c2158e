/**
 * The row checks every backend applies the same way, for backends living outside this package
 * (@dnsteer/store-pg): canonical addresses, prefix lengths, and the decision `reason` JSON.
 */
export { canonicalAddress, checkPrefixLength } from "../address.js";
export { decodeDecision, decodeState, encodeReason } from "../decision-json.js";
