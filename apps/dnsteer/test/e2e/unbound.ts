import type { ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Testbed } from "../../../../fixtures/testbed/index.js";

export const UNBOUND = "/usr/sbin/unbound";
/** Where each unbound answers the test's dig (port 53 of the resolver addresses is the testbed's TCP listener, the probes' target). */
export const UNBOUND_PORT = 5300;

export interface UnboundOptions {
  dir: string;
  /** The resolver address: unbound listens there and sends every upstream query from it. */
  address: string;
  /** The zone stubbed to dnsteer and the edge's provider addresses serving it. */
  zone: string;
  stubAddrs: readonly string[];
}

/**
 * One unbound per resolver address. `outgoing-interface` makes the authoritative see exactly
 * this address as the query's source (the default would be the resolvers' link address
 * 198.19.0.2, which the delay router does not delay). IPv4 only (`do-ip6: no`): the decisions
 * are per source address, so one family per resolver keeps one source per unbound.
 * Caching: the steered answers carry TTL 0 (see the test), so every client query reaches dnsteer.
 */
export function unboundConfig(o: UnboundOptions): string {
  return `server:
  verbosity: 1
  use-syslog: no
  logfile: "${join(o.dir, "unbound.log")}"
  log-servfail: yes
  username: ""
  chroot: ""
  directory: "${o.dir}"
  pidfile: "${join(o.dir, "unbound.pid")}"
  do-daemonize: no
  num-threads: 1
  so-reuseport: no
  interface: ${o.address}@${UNBOUND_PORT}
  port: ${UNBOUND_PORT}
  outgoing-interface: ${o.address}
  outgoing-range: 64
  num-queries-per-thread: 64
  do-ip4: yes
  do-ip6: no
  do-tcp: yes
  access-control: 0.0.0.0/0 allow
  module-config: "iterator"
  qname-minimisation: no
  prefetch: no
  harden-referral-path: no
  msg-cache-size: 1m
  rrset-cache-size: 1m
  key-cache-size: 1m
  neg-cache-size: 1m
  infra-cache-numhosts: 100
  local-zone: "." refuse
  local-zone: "test." nodefault
  # Without this the "." refuse above is the closest local zone of the stub zone, and unbound
  # answers REFUSED itself (aa) without asking the stub (seen with unbound 1.17.1).
  local-zone: "${o.zone}" transparent
  # Answers are the subject under test: never serve a stale one.
  serve-expired: no
stub-zone:
  name: "${o.zone}"
${o.stubAddrs.map((a) => `  stub-addr: ${a}`).join("\n")}
  stub-prime: no
remote-control:
  control-enable: no
`;
}

export interface RunningUnbound {
  address: string;
  child: ChildProcess;
  log: () => string;
}

/** Start unbound in the resolvers namespace; resolves once it answers on its address. */
export async function startUnbound(tb: Testbed, o: UnboundOptions): Promise<RunningUnbound> {
  mkdirSync(o.dir, { recursive: true });
  const conf = join(o.dir, "unbound.conf");
  writeFileSync(conf, unboundConfig(o));
  const check = await tb.nsExec("resolvers", ["unbound-checkconf", conf]);
  if (check.code !== 0) throw new Error(`unbound-checkconf ${conf}: ${check.stderr}${check.stdout}`);
  const child = tb.nsSpawn("resolvers", [UNBOUND, "-d", "-c", conf], { stdio: ["ignore", "pipe", "pipe"] });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const log = () => out;
  // Ready when it answers anything on its address (REFUSED for "." is an answer).
  for (let i = 0; i < 50; i++) {
    if (child.exitCode !== null) throw new Error(`unbound on ${o.address} exited ${child.exitCode}: ${out}`);
    const r = await tb.nsExec("resolvers", ["dig", `@${o.address}`, "-p", String(UNBOUND_PORT), "+time=1", "+tries=1", ".", "SOA"]);
    if (r.stdout.includes("status:")) return { address: o.address, child, log };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`unbound on ${o.address} did not answer within 5 s: ${out}`);
}

export function unboundMissing(): string | undefined {
  return existsSync(UNBOUND) ? undefined : `${UNBOUND} is missing (apt-get install unbound)`;
}
