import type { Fault } from "./checks.js";
import type { RRset } from "./types.js";

/**
 * Where each RRset's first record was read, for messages: RRsets in reading order with their
 * line and file in typed arrays (two numbers per RRset), not an object per record.
 */
export class SetSources {
  private readonly sets: RRset[] = [];
  private lines = new Int32Array(1024);
  private fileIds = new Int32Array(1024);
  private readonly files: string[] = [];
  private readonly fileIndex = new Map<string, number>();

  add(set: RRset, file: string, line: number): void {
    const i = this.sets.length;
    if (i === this.lines.length) {
      this.lines = grown(this.lines);
      this.fileIds = grown(this.fileIds);
    }
    this.sets.push(set);
    this.lines[i] = line;
    this.fileIds[i] = this.fileId(file);
  }

  /** The first record of `set`. A linear search: only an error asks. */
  of(set: RRset): { file: string; line: number } {
    const i = this.sets.indexOf(set);
    return { file: this.files[this.fileIds[i]!]!, line: this.lines[i]! };
  }

  /** The first RRset, in reading order, that `check` finds a fault with. */
  find(check: (set: RRset) => Fault | undefined): { set: RRset; fault: Fault } | undefined {
    for (const set of this.sets) {
      const fault = check(set);
      if (fault) return { set, fault };
    }
    return undefined;
  }

  private fileId(file: string): number {
    const last = this.files.length - 1;
    if (last >= 0 && this.files[last] === file) return last;
    let id = this.fileIndex.get(file);
    if (id === undefined) {
      id = this.files.push(file) - 1;
      this.fileIndex.set(file, id);
    }
    return id;
  }
}

function grown(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
