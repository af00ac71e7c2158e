import { RRType } from "@dnsteer/wire";
import type { ZoneModel } from "./inventory.js";
import { rrText, type View } from "./normalize.js";
import type { GeneratedQuery } from "./query.js";

/**
 * Where dnsteer deliberately answers differently from Knot. Each rule accepts a difference only
 * when it is exactly the one described; anything else still fails.
 */
export interface Deliberate {
  id: string;
  why: string;
  accept(q: GeneratedQuery, knot: View, ours: View, models: ZoneModel[]): boolean;
}

const hasOption = (q: GeneratedQuery, code: number) => !!q.edns && !!q.edns.options?.some(([c]) => c === code);

/** The answer is one whole RRset that the zone holds at the query name (or RFC 8482 HINFO). */
function isOneZoneRRset(q: GeneratedQuery, v: View, models: ZoneModel[]): boolean {
  if (v.answer.length === 1 && / HINFO "RFC8482" /.test(v.answer[0]!)) return true;
  const owner = q.name.toLowerCase();
  const types = new Set(v.answer.map((r) => r.split(" ")[3]));
  if (types.size !== 1) return false;
  for (const m of models) {
    for (const rrs of m.byOwner.get(owner)?.values() ?? []) {
      if (rrs.map(rrText).sort().join("\n") === v.answer.join("\n")) return true;
    }
  }
  return false;
}

export const deliberate: Deliberate[] = [
  {
    id: "any-picks-one-rrset",
    why:
      "RFC 8482 lets a server answer ANY with any one RRset of the name (or HINFO RFC8482); Knot " +
      "picks its first, we may pick another. Accepted when ours is one whole RRset the zone holds " +
      "there and rcode/flags/authority agree; additional follows the chosen RRset.",
    accept: (q, knot, ours, models) =>
      q.type === RRType.ANY &&
      q.transport === "udp" &&
      knot.rcode === 0 &&
      ours.rcode === 0 &&
      JSON.stringify(knot.flags) === JSON.stringify(ours.flags) &&
      knot.authority.join() === ours.authority.join() &&
      isOneZoneRRset(q, ours, models),
  },
  {
    id: "ecs-formerr",
    why:
      "RFC 7871 6 and 7.1.1: a malformed ECS option (prefix too long, extra address octets, bits " +
      "past the prefix, scope != 0 in a query) is FORMERR. Knot (edns-client-subnet: on) repairs it " +
      "instead (zeroes the bits, drops the octets, scope 0) and answers normally.",
    accept: (q, knot, ours) => hasOption(q, 8) && ours.rcode === 1 && knot.rcode === 0 && ours.answer.length === 0,
  },
  {
    id: "cookie-formerr",
    why:
      "RFC 7873 5.2.2: a COOKIE option of a bad length is FORMERR; Knot 3.2 without its cookies " +
      "module ignores the option and answers.",
    accept: (q, knot, ours) => hasOption(q, 10) && ours.rcode === 1 && knot.rcode === 0 && ours.answer.length === 0,
  },
  {
    id: "cookie-answered",
    why:
      "RFC 7873 5.2.3: dnsteer answers DNS Cookies by default (as BIND does), so a reply to a query " +
      "with a well-formed COOKIE option carries the client's cookie and an RFC 9018 server cookie " +
      "(version 1, reserved 0, timestamp, hash); Knot without its cookies module ignores the option. " +
      "Accepted when that option is the only difference.",
    accept: (q, knot, ours) => {
      const client = q.edns ? q.edns.options?.find(([c]) => c === 10)?.[1] : undefined;
      if (!client || client.length < 8) return false;
      const ourCookie = new RegExp(`(,?)10:${Buffer.from(client.subarray(0, 8)).toString("hex")}01000000[0-9a-f]{24}`);
      const withoutCookie = ours.edns.replace(ourCookie, "").replace("opts=[,", "opts=[");
      return (
        withoutCookie === knot.edns &&
        ourCookie.test(ours.edns) &&
        JSON.stringify({ ...ours, edns: "" }) === JSON.stringify({ ...knot, edns: "" })
      );
    },
  },
  {
    id: "notimp-flags",
    why:
      "FACTS bad-input table: NOTIMP for an unsupported opcode with flags not echoed (no RD, no TC); " +
      "Knot echoes RD. Question and OPT must still match (RFC 6891 6.1.1).",
    accept: (q, knot, ours) =>
      (q.opcode ?? 0) !== 0 &&
      q.opcode !== 5 &&
      knot.rcode === 4 &&
      ours.rcode === 4 &&
      !ours.flags.rd &&
      ours.answer.length === 0 &&
      knot.edns === ours.edns &&
      knot.question === ours.question,
  },
  {
    id: "update-not-implemented",
    why:
      "dnsteer does not implement dynamic UPDATE (RFC 2136) and answers NOTIMP without echoing " +
      "flags; Knot implements it and rejects this unsigned update (FORMERR/NOTAUTH/REFUSED).",
    accept: (q, knot, ours) => q.opcode === 5 && ours.rcode === 4 && knot.rcode !== 0 && ours.answer.length === 0,
  },
];
