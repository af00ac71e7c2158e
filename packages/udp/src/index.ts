export { Batch, type BatchLayout } from "./batch.js";
export { type BatchSocketStats, type BatchUdpLoad, loadNative } from "./binding.js";
export { UdpError, type UdpErrorCode } from "./errors.js";
export { type BatchUdp, loadBatchUdp } from "./load.js";
export { type BatchSocket, type BatchSocketOptions, openBatchSocket } from "./socket.js";
