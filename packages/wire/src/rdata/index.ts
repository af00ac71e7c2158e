export * from "./types.js";
export { codecFor, hasTypedCodec, rdataFromText, rdataToText, rdataToWire } from "./registry.js";
export { parseTtl } from "./numbers.js";
export { unescapeText } from "./text.js";
