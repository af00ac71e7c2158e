import type { Decision, ProviderInput } from "@dnsteer/storage";

/** A decision as the decider writes it: the source's first choice, settled on `provider`. */
export const decision = (source: string, provider: string): Decision => ({
  source,
  provider,
  level: "source",
  prefixLength: Number(source.split("/")[1]),
  demandMbps: 0,
  reason: { mode: "latency", cause: "first", from: null, providers: [] },
  state: { provider, since: 0, challenger: null, challengerCount: 0 },
});

/** A provider with nothing but its name: no probing source, no service address, no cost. */
export const bareProvider = (name: string): ProviderInput => ({
  name,
  sourceV4: null,
  sourceV6: null,
  serviceA: [],
  serviceAAAA: [],
  pricePerMbps: 0,
  commitMbps: 0,
  priceAboveCommit: 0,
  capacityMbps: null,
});
