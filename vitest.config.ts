import { defineConfig } from "vitest/config";

/**
 * Test files that leave no state behind for the next file (servers and databases closed, no
 * process environment set, no raw probing): they share one module graph per worker
 * (`isolate: false`). Loading fastify, zod, dns2... afresh for each of ~160 files was over half of
 * their wall time (measured: 272 s → 65 s for 73 files on the loaded box). The rest keep a fresh
 * module graph per file: the probe and measurement tests (raw sockets, kernel timestamps, the
 * addon switched off by environment), the testbed and apps' end-to-end tests, the fuzzer.
 */
const SHARED = [
  "api",
  "api-contract",
  "config",
  "control",
  "dashboard",
  "dns-client",
  "flow",
  "log-limit",
  "lookup",
  "model",
  "net",
  "policy",
  "server",
  "steering",
  "storage",
  "store-pg",
  "threads",
  "tsig",
  "udp",
  "wire",
  "xfr",
  "zone",
];
const sharedInclude = [
  ...SHARED.flatMap((p) => [`packages/${p}/src/**/*.test.ts`, `packages/${p}/test/**/*.test.ts`]),
  "tooling/test/**/*.test.ts",
];

export default defineConfig({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"], externalConditions: ["source"] } },
  test: {
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    projects: [
      { extends: true, test: { name: "shared", include: sharedInclude, isolate: false } },
      {
        extends: true,
        test: {
          name: "isolated",
          include: [
            "packages/*/src/**/*.test.ts",
            "packages/*/test/**/*.test.ts",
            "apps/*/src/**/*.test.ts",
            "apps/*/test/**/*.test.ts",
            "fixtures/*/*.test.ts",
            "bench/fuzz/*.test.ts",
            "tooling/test/**/*.test.ts",
          ],
          exclude: ["**/node_modules/**", ...sharedInclude],
        },
      },
    ],
  },
});
