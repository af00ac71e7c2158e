import { ZoneAssembler, ZoneError, ZoneSet } from "@dnsteer/zone";
import { type LoaderOut, type LoadFailure, zoneLoaderThread } from "./loader-spec.js";
import type { ZoneFile } from "./zone-files.js";

/** Names per part: small enough that rebuilding one takes a few milliseconds of the answering thread. */
export const DEFAULT_PART_SIZE = 500;

/**
 * Load zone files on a worker thread and rebuild them here one part per event-loop turn, so
 * this thread keeps answering throughout: what it does per turn is one part's structured-clone
 * decode and node objects. The thread ends when done; a zone error comes back as a ZoneError
 * (file:line) and nothing is half-built.
 */
export function loadZoneFilesOffThread(files: readonly ZoneFile[], partSize = DEFAULT_PART_SIZE): Promise<ZoneSet> {
  return new Promise((resolve, reject) => {
    const thread = zoneLoaderThread.start({ files: [...files], partSize });
    let assemblers: ZoneAssembler[] = [];
    let settled = false;
    const settle = (outcome: ZoneSet | Error) => {
      if (settled) return;
      settled = true;
      void thread.stop({ type: "stop" });
      if (outcome instanceof Error) reject(outcome);
      else resolve(outcome);
    };
    thread.onMessage((m: LoaderOut) => {
      try {
        switch (m.type) {
          case "loaded":
            assemblers = m.headers.map((h) => new ZoneAssembler(h));
            break;
          case "part":
            assemblers[m.zone]!.add(m.part);
            break;
          case "done":
            return settle(new ZoneSet(assemblers.map((a) => a.finish())));
          case "failed":
            return settle(errorOf(m.failure));
        }
        thread.post({ type: "next" });
      } catch (err) {
        settle(err instanceof Error ? err : new Error(String(err)));
      }
    });
    thread.worker.once("error", (err) => settle(err));
    thread.worker.once("exit", (code) => settle(new Error(`zone loader thread exited (code ${code}) before the zones were in`)));
  });
}

function errorOf(failure: LoadFailure): Error {
  const z = failure.zone;
  return z ? new ZoneError(z.code, z.file, z.line, z.what) : new Error(failure.message);
}
