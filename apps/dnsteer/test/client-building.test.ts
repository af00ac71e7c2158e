import { describe, expect, it } from "vitest";
import { buildingLine } from "../src/client/providers.js";

/** `dnsteer status` / `providers` just after the API started on a big store: /v1/provider-health says "building". */
describe("the CLI's line while the API builds its first health figures", () => {
  it("names the progress, rounded down, and asks to try again", () => {
    const line = buildingLine({ done: 999, expected: 1000, startedAt: 0 });
    expect(line).toContain("(99%)");
    expect(line).toContain("ask again shortly");
  });

  it("omits the progress when the API gives none", () => {
    expect(buildingLine(null)).not.toContain("%");
    expect(buildingLine({ done: 0, expected: 0, startedAt: 0 })).not.toContain("%");
  });
});
