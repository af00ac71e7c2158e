export { TsigError, type TsigErrorCode } from "./errors.js";
export { TSIG_ALGORITHMS, TsigKeyring, algorithmOfName, isTsigAlgorithm, tsigKey, type TsigAlgorithm, type TsigKey, type TsigKeyInput } from "./keys.js";
export { CLASS_ANY, TSIG_TYPE, findTsig, type FoundTsig, type TsigRecord } from "./record.js";
export { TsigRcode, appendTsig, appendUnsignedTsigError, timeOtherData, computeMac, macMatches, unsignedPart, type MacInput, type SignOptions } from "./sign.js";
export { verifyTsig, type TsigVerdict } from "./verify.js";
