import { ThreadSpec } from "@dnsteer/threads";
import type { ZoneErrorCode, ZoneHeader, ZonePart } from "@dnsteer/zone";
import type { ZoneFile } from "./zone-files.js";

/** What the loader thread starts with: the files, and how many names go in one part. */
export interface LoaderData {
  files: ZoneFile[];
  partSize: number;
}

/** The parent pulls parts one at a time, so it rebuilds one per event-loop turn. */
export type LoaderIn = { type: "next" } | { type: "stop" };

/** A zone error as it crosses the thread boundary (rebuilt as a ZoneError on the other side). */
export interface LoadFailure {
  message: string;
  zone?: { code: ZoneErrorCode; file: string; line: number; what: string };
}

export type LoaderOut =
  | { type: "loaded"; headers: ZoneHeader[] }
  | { type: "part"; zone: number; part: ZonePart }
  | { type: "done" }
  | { type: "failed"; failure: LoadFailure };

/** Parses zone files off the answering thread (see load-off-thread.ts). */
export const zoneLoaderThread = new ThreadSpec<LoaderData, LoaderIn, LoaderOut>(new URL("./loader-thread.ts", import.meta.url));
