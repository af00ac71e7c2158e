/**
 * Special-purpose ranges (RFC 6890 and its registry updates, plus multicast and reserved space)
 * that must never be probed on the internet: private, loopback, link-local, documentation,
 * benchmarking, multicast, reserved. They are excluded by default; an allow-list entry that names
 * the range itself (or a part of it) unlocks it, which is how tests use loopback and testbeds use
 * documentation ranges.
 */
export const SPECIAL_RANGES: readonly string[] = [
  "0.0.0.0/8",
  "10.0.0.0/8",
  "100.64.0.0/10",
  "127.0.0.0/8",
  "169.254.0.0/16",
  "172.16.0.0/12",
  "192.0.0.0/24",
  "192.0.2.0/24",
  "192.88.99.0/24",
  "192.168.0.0/16",
  "198.18.0.0/15",
  "198.51.100.0/24",
  "203.0.113.0/24",
  "224.0.0.0/4",
  "240.0.0.0/4",
  "255.255.255.255/32",
  "::/128",
  "::1/128",
  "::ffff:0:0/96",
  "64:ff9b:1::/48",
  "100::/64",
  "2001::/23",
  "2001:db8::/32",
  "2002::/16",
  "3fff::/20",
  "5f00::/16",
  "fc00::/7",
  "fe80::/10",
  "ff00::/8",
];
