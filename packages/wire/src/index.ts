export * from "./constants.js";
export * from "./errors.js";
export * from "./name.js";
export * from "./reader.js";
export * from "./writer.js";
export * from "./rdata/types.js";
