import type { RRset } from "@dnsteer/zone";

/**
 * One response section that refuses duplicates: a CNAME/DNAME chain or additional processing
 * can reach the same RRset twice, and RFC 2181 5 says an RRset appears at most once.
 */
export class Section {
  readonly rrsets: RRset[] = [];
  private readonly keys = new Set<string>();

  static key(rrset: RRset): string {
    return `${rrset.name}|${rrset.type}`;
  }

  has(name: string, type: number): boolean {
    return this.keys.has(`${name}|${type}`);
  }

  add(rrset: RRset): void {
    const key = Section.key(rrset);
    if (this.keys.has(key)) return;
    this.keys.add(key);
    this.rrsets.push(rrset);
  }

  addAll(rrsets: Iterable<RRset>): void {
    for (const r of rrsets) this.add(r);
  }
}
