import { z } from "zod";
import { addressProblem, prefixProblem, subnetProblem } from "./addresses.js";
import { dnsNameProblem } from "./names.js";

/** A string checked by `problem` (null = fine); `max` bounds it before the check runs. */
function checked(max: number, problem: (s: string) => string | null) {
  return z
    .string()
    .max(max)
    .superRefine((s, ctx) => {
      const why = problem(s);
      if (why !== null) ctx.addIssue({ code: "custom", message: why });
    });
}

/** A DNS name (≤ 253 octets, labels ≤ 63, optional trailing dot). */
export const dnsName = checked(1024, dnsNameProblem).describe("DNS name, e.g. www.example.test.");

export const ipAddress = checked(64, (s) => addressProblem(s)).describe("IPv4 or IPv6 address");
export const ipv4Address = checked(15, (s) => addressProblem(s, 4)).describe("IPv4 address");
export const ipv6Address = checked(64, (s) => addressProblem(s, 6)).describe("IPv6 address");

/** "192.0.2.0/24" or a bare address (a host prefix); host bits must be zero. */
export const cidrPrefix = checked(68, prefixProblem).describe("CIDR prefix, e.g. 192.0.2.0/24, or an address");

/** An EDNS Client Subnet as a query would carry it ("198.51.100.0/24"); host bits are ignored. */
export const clientSubnet = checked(68, subnetProblem).describe("EDNS client subnet, e.g. 198.51.100.0/24");

/** Provider names as the config file spells them. */
export const providerName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/, "letters, digits, _ . - (1-63, not starting with _ . -)");

/** An interface name (Linux IFNAMSIZ: 15 characters, no "/" or whitespace). */
export const deviceName = z.string().regex(/^[^/\s]{1,15}$/, "an interface name (1-15 characters, no / or spaces)");

/** Milliseconds since the Unix epoch. */
export const epochMs = z.number().int().min(0).max(8.64e15).describe("milliseconds since the Unix epoch");

/** Query-string integer (text on the wire) within bounds. */
export function queryInt(min: number, max: number) {
  return z.coerce.number().int().min(min).max(max);
}
