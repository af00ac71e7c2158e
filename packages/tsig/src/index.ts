export { TsigError, type TsigErrorCode } from "./errors.js";
export {
  algorithmOfName,
  isTsigAlgorithm,
  TSIG_ALGORITHMS,
  type TsigAlgorithm,
  type TsigKey,
  type TsigKeyInput,
  type TsigKeyLookup,
  TsigKeyring,
  tsigKey,
} from "./keys.js";
export { CLASS_ANY, type FoundTsig, findTsig, TSIG_TYPE, type TsigRecord } from "./record.js";
export {
  appendTsig,
  appendUnsignedTsigError,
  computeMac,
  type MacInput,
  macMatches,
  type SignOptions,
  TsigRcode,
  timeOtherData,
  unsignedPart,
} from "./sign.js";
export { type TsigVerdict, verifyTsig } from "./verify.js";
