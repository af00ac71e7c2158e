import { StorageError } from "../errors.js";
import type { SteeredNameChange } from "../steered-names.js";

/** The admin rows' checks both backends apply before writing, so both refuse the same input with BAD_INPUT. */
export function checkProviderName(name: string): void {
  if (typeof name !== "string" || name.length === 0 || name.length > 200) {
    throw new StorageError("BAD_INPUT", `provider name must be 1 to 200 characters, not ${JSON.stringify(name)}`);
  }
}

export function checkSteeredNameChange(change: SteeredNameChange): void {
  if (typeof change.name !== "string" || change.name.length === 0 || change.name.length > 255) {
    throw new StorageError("BAD_INPUT", `steered name must be 1 to 255 characters, not ${JSON.stringify(change.name)}`);
  }
  if (change.group !== null && !(Number.isInteger(change.group) && change.group >= 0 && change.group <= 31)) {
    throw new StorageError("BAD_INPUT", `steered name ${change.name}: group must be 0 to 31 or null, not ${change.group}`);
  }
  if (change.state !== "added" && change.state !== "removed") {
    throw new StorageError("BAD_INPUT", `steered name ${change.name}: state must be added or removed, not ${JSON.stringify(change.state)}`);
  }
}
