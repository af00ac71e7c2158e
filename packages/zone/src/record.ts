import type { Name, RData } from "@dnsteer/wire";

/** One record as read from a master file, with where it came from for error messages. */
export interface SourceRecord {
  name: Name;
  type: number;
  class: number;
  ttl: number;
  data: RData;
  file: string;
  line: number;
  /** Position in reading order across all included files, to tell which of two came later. */
  index: number;
}
