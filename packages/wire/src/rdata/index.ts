export { parseTtl } from "./numbers.js";
export { codecFor, hasTypedCodec, rdataFromText, rdataToText, rdataToWire } from "./registry.js";
export { unescapeText } from "./text.js";
export * from "./types.js";
