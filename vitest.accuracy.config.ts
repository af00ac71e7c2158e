import { defineConfig } from "vitest/config";

// bench/steering-accuracy's CI run (issue 9): measured on an otherwise idle machine, so it runs
// after the main suite (scripts/test.sh), one seed after another.
export default defineConfig({
  resolve: { conditions: ["source"] },
  ssr: { resolve: { conditions: ["source"], externalConditions: ["source"] } },
  test: {
    include: ["bench/steering-accuracy/*.test.ts"],
    testTimeout: 600_000,
    hookTimeout: 60_000,
    pool: "forks",
    fileParallelism: false,
  },
});
