import { Registry } from "prom-client";
import { describe, expect, it } from "vitest";
import { ServiceCheckMetrics } from "../src/metrics/service-check-metrics.js";

describe("ServiceCheckMetrics", () => {
  it("counts checks by result, follows address and provider state from the worker's events", async () => {
    const registry = new Registry();
    const m = new ServiceCheckMetrics(registry);
    expect(m.onEvent({ event: "service-check", provider: "p1", address: "192.0.2.80", passed: true })).toBe(true);
    m.onEvent({ event: "service-check", provider: "p1", address: "192.0.2.80", passed: false });
    m.onEvent({ event: "service-check", provider: "p1", address: "192.0.2.80", passed: false });
    expect(m.onEvent({ event: "service-down", provider: "p1", address: "192.0.2.80" })).toBe(false);
    m.onEvent({ event: "provider-unhealthy", provider: "p1", cause: "service-check" });
    m.onEvent({ event: "provider-unhealthy", provider: "p2", cause: "SOURCE_NOT_LOCAL" }); // not a service check's
    const text = await registry.metrics();
    expect(text).toContain('dnsteer_service_checks_total{provider="p1",address="192.0.2.80",result="pass"} 1');
    expect(text).toContain('dnsteer_service_checks_total{provider="p1",address="192.0.2.80",result="fail"} 2');
    expect(text).toContain('dnsteer_service_address_up{provider="p1",address="192.0.2.80"} 0');
    expect(text).toContain('dnsteer_service_state_changes_total{provider="p1",address="192.0.2.80",to="down"} 1');
    expect(text).toContain('dnsteer_provider_service_up{provider="p1"} 0');
    expect(text).not.toContain('dnsteer_provider_service_up{provider="p2"}');
    m.onEvent({ event: "service-up", provider: "p1", address: "192.0.2.80" });
    m.onEvent({ event: "provider-healthy", provider: "p1", cause: "service-check" });
    const after = await registry.metrics();
    expect(after).toContain('dnsteer_service_address_up{provider="p1",address="192.0.2.80"} 1');
    expect(after).toContain('dnsteer_provider_service_up{provider="p1"} 1');
  });
});
