export { type Delta, serialOf } from "./delta.js";
export { dataChanged, diffZones, soaRecord, zoneDigest } from "./diff.js";
export { XfrError, type XfrErrorCode } from "./errors.js";
export { ZoneJournal } from "./journal.js";
export { readJournalFile, writeJournalFile } from "./journal-file.js";
export { DEFAULT_NOTIFY_RETRY, type NotifyOutcome, type NotifyRetry, sendNotify } from "./notify.js";
export { notifyMessage } from "./notify-message.js";
export {
  allowedToTransfer,
  keyringOf,
  type NotifyTarget,
  parseNotifyTarget,
  type ZoneTransferInput,
  type ZoneTransferPolicy,
  zoneTransferPolicy,
} from "./policy.js";
export { compareSerial, nextSerial, type SerialPolicy } from "./serial.js";
export { setSoaSerial } from "./serial-text.js";
export { type SerialChange, type TransferService, Transfers, type TransfersOptions, type ZoneReloadReport } from "./transfers.js";
