import type { decisionPage, providerHealthList, providerList, readiness, sourcePage, zoneList, zoneReloadAll } from "@dnsteer/api-contract";
import type { z } from "zod";

// The API's answers as the contract defines them (types only: the CLI loads no zod at run time).
export type ZoneList = z.infer<typeof zoneList>;
export type ZoneReloadAll = z.infer<typeof zoneReloadAll>;
export type ProviderList = z.infer<typeof providerList>;
export type ProviderHealthList = z.infer<typeof providerHealthList>;
export type DecisionPage = z.infer<typeof decisionPage>;
export type SourcePage = z.infer<typeof sourcePage>;
export type Readiness = z.infer<typeof readiness>;
export type { ExplanationView, ProbeRequestView, Provider, ProviderHealth, ZoneReloadResult } from "@dnsteer/api-contract";
