import { Store, TsigKeyRepo } from "@dnsteer/storage";
import { storePath } from "./commands/db.js";

const open = new Map<string, TsigKeyRepo>();

/**
 * The TSIG keys added through the admin API (the store's `tsig_keys`), looked up by name when a
 * signed message arrives: a key added or deleted through the API counts from the next message,
 * no restart or reload. One read-only connection per store file for the life of the process
 * (the responder's keyring is rebuilt at reloads; the lookups share it). A signed transfer or SOA
 * check is rare, and a read by primary key takes microseconds.
 */
export function storedTsigLookup(dataDir: string): (name: string) => { name: string; algorithm: string; secret: string } | undefined {
  const path = storePath(dataDir);
  return (name) => {
    const repo = open.get(path) ?? openRepo(path);
    if (!repo) return undefined;
    try {
      return repo.get(name);
    } catch {
      return undefined;
    }
  };
}

/** Undefined (and tried again at the next lookup) while there is no store, or one from before migration 9. */
function openRepo(path: string): TsigKeyRepo | undefined {
  let store: Store | undefined;
  try {
    store = Store.open(path, { readonly: true });
    const repo = new TsigKeyRepo(store.db);
    open.set(path, repo);
    return repo;
  } catch {
    store?.close();
    return undefined;
  }
}
