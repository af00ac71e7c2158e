import type { z } from "zod";
import { pageQuery } from "./pagination.js";
import { activity, activityQuery } from "./resources/activity.js";
import { answerHistory, answersQuery } from "./resources/answers.js";
import { auditPage, auditQuery } from "./resources/audit.js";
import { decisionPage, decisionQuery } from "./resources/decisions.js";
import { explainQuery, explanation } from "./resources/explain.js";
import { health, readiness } from "./resources/health.js";
import { apiKey, apiKeyCreated, apiKeyList, keyCreateBody, keyParams } from "./resources/keys.js";
import { matrixPage, matrixQuery } from "./resources/matrix.js";
import {
  historyQuery,
  latestQuery,
  pathStatPage,
  probeRequest,
  probeRequestBody,
  probeRequestPage,
  probeRequestParams,
  samplePage,
} from "./resources/measurements.js";
import { policyBody, policyValidation, policyView } from "./resources/policy.js";
import {
  provider,
  providerBody,
  providerHealth,
  providerHealthList,
  providerList,
  providerParams,
  providerPatch,
} from "./resources/providers.js";
import { sourcePage, sourceQuery } from "./resources/sources.js";
import { steeredName, steeredNameBody, steeredNameList, steeredNameParams, steeredNameRemoved } from "./resources/steered-names.js";
import { tsigKeyCreateBody, tsigKeyCreated, tsigKeyList, tsigKeyParams, tsigKeyView } from "./resources/tsig-keys.js";
import {
  zoneDetail,
  zoneList,
  zoneParams,
  zoneReloadAll,
  zoneReloadResult,
  zoneReplaceBody,
  zoneShowQuery,
  zoneSummary,
  zoneValidateBody,
  zoneValidation,
} from "./resources/zones.js";

/** public: no key (health, readiness); read: any key; admin: an admin key. */
export type Scope = "public" | "read" | "admin";
export type Method = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export interface RouteSpec {
  method: Method;
  /** Fastify path syntax: ":name" segments are `schema.params`. */
  url: string;
  scope: Scope;
  /** The resource (one fastify plugin each; the OpenAPI tag). */
  tag: string;
  summary: string;
  schema: {
    params?: z.ZodType;
    querystring?: z.ZodType;
    body?: z.ZodType;
    response: Record<number, z.ZodType>;
  };
}

const get = <R extends Record<number, z.ZodType>>(response: R) => ({ response });

/**
 * Every route of the admin API, with its schemas: the server registers exactly these, the
 * OpenAPI document is generated from them, and the CLI builds its requests from them.
 */
export const routes = {
  // --- zones
  listZones: {
    method: "GET",
    url: "/v1/zones",
    scope: "read",
    tag: "zones",
    summary: "Served zones with their serials",
    schema: get({ 200: zoneList }),
  },
  showZone: {
    method: "GET",
    url: "/v1/zones/:origin",
    scope: "read",
    tag: "zones",
    summary: "One zone and its records (paginated)",
    schema: { params: zoneParams, querystring: zoneShowQuery, response: { 200: zoneDetail } },
  },
  validateZone: {
    method: "POST",
    url: "/v1/zones/validate",
    scope: "read",
    tag: "zones",
    summary: "Check master file text or a configured zone file; nothing is served",
    schema: { body: zoneValidateBody, response: { 200: zoneValidation } },
  },
  replaceZone: {
    method: "PUT",
    url: "/v1/zones/:origin",
    scope: "admin",
    tag: "zones",
    summary: "Replace a configured zone's file and serve it (a bad zone is refused; the old one keeps serving)",
    schema: { params: zoneParams, body: zoneReplaceBody, response: { 200: zoneSummary } },
  },
  reloadZone: {
    method: "POST",
    url: "/v1/zones/:origin/reload",
    scope: "admin",
    tag: "zones",
    summary: "Reread one zone's file",
    schema: { params: zoneParams, response: { 200: zoneReloadResult } },
  },
  reloadZones: {
    method: "POST",
    url: "/v1/zones/reload",
    scope: "admin",
    tag: "zones",
    summary: "Reread every zone's file; 422 when any was refused",
    schema: { response: { 200: zoneReloadAll, 422: zoneReloadAll } },
  },

  // --- steered names
  listSteeredNames: {
    method: "GET",
    url: "/v1/steered-names",
    scope: "read",
    tag: "steered-names",
    summary: "Names answered per source",
    schema: get({ 200: steeredNameList }),
  },
  putSteeredName: {
    method: "PUT",
    url: "/v1/steered-names/:name",
    scope: "admin",
    tag: "steered-names",
    summary: "Steer a name (inside a served zone)",
    schema: { params: steeredNameParams, body: steeredNameBody, response: { 200: steeredName } },
  },
  deleteSteeredName: {
    method: "DELETE",
    url: "/v1/steered-names/:name",
    scope: "admin",
    tag: "steered-names",
    summary: "Stop steering a name",
    schema: { params: steeredNameParams, response: { 200: steeredNameRemoved } },
  },

  // --- providers
  listProviders: {
    method: "GET",
    url: "/v1/providers",
    scope: "read",
    tag: "providers",
    summary: "Providers with cost model, capacity and drain state",
    schema: get({ 200: providerList }),
  },
  providersHealth: {
    method: "GET",
    url: "/v1/provider-health",
    scope: "read",
    tag: "providers",
    summary: "Every provider's health from path measurements",
    schema: get({ 200: providerHealthList }),
  },
  showProvider: {
    method: "GET",
    url: "/v1/providers/:name",
    scope: "read",
    tag: "providers",
    summary: "One provider",
    schema: { params: providerParams, response: { 200: provider } },
  },
  providerHealth: {
    method: "GET",
    url: "/v1/providers/:name/health",
    scope: "read",
    tag: "providers",
    summary: "One provider's health",
    schema: { params: providerParams, response: { 200: providerHealth } },
  },
  putProvider: {
    method: "PUT",
    url: "/v1/providers/:name",
    scope: "admin",
    tag: "providers",
    summary: "Add a provider or replace its settings",
    schema: { params: providerParams, body: providerBody, response: { 200: provider } },
  },
  patchProvider: {
    method: "PATCH",
    url: "/v1/providers/:name",
    scope: "admin",
    tag: "providers",
    summary: "Change some of a provider's settings",
    schema: { params: providerParams, body: providerPatch, response: { 200: provider } },
  },
  resetProvider: {
    method: "DELETE",
    url: "/v1/providers/:name/overrides",
    scope: "admin",
    tag: "providers",
    summary: "Forget the API's changes: back to the config file's settings",
    schema: { params: providerParams, response: { 200: provider } },
  },
  drainProvider: {
    method: "POST",
    url: "/v1/providers/:name/drain",
    scope: "admin",
    tag: "providers",
    summary: "Drain: its sources move off it at the next evaluation",
    schema: { params: providerParams, response: { 200: provider } },
  },
  undrainProvider: {
    method: "POST",
    url: "/v1/providers/:name/undrain",
    scope: "admin",
    tag: "providers",
    summary: "Undrain",
    schema: { params: providerParams, response: { 200: provider } },
  },

  // --- policy
  getPolicy: {
    method: "GET",
    url: "/v1/policy",
    scope: "read",
    tag: "policy",
    summary: "Effective decision policy and the stored changes",
    schema: get({ 200: policyView }),
  },
  validatePolicy: {
    method: "POST",
    url: "/v1/policy/validate",
    scope: "read",
    tag: "policy",
    summary: "Check policy settings; nothing is stored",
    schema: { body: policyBody, response: { 200: policyValidation } },
  },
  setPolicy: {
    method: "PUT",
    url: "/v1/policy",
    scope: "admin",
    tag: "policy",
    summary: "Store policy settings (over the config file's); the next evaluation uses them",
    schema: { body: policyBody, response: { 200: policyView } },
  },

  // --- sources
  listSources: {
    method: "GET",
    url: "/v1/sources",
    scope: "read",
    tag: "sources",
    summary: "Sources by demand; search by address or prefix",
    schema: { querystring: sourceQuery, response: { 200: sourcePage } },
  },

  // --- measurements
  latestMeasurements: {
    method: "GET",
    url: "/v1/measurements",
    scope: "read",
    tag: "measurements",
    summary: "Latest path aggregates per source and provider",
    schema: { querystring: latestQuery, response: { 200: pathStatPage } },
  },
  measurementHistory: {
    method: "GET",
    url: "/v1/measurements/history",
    scope: "read",
    tag: "measurements",
    summary: "Raw probe results for one source, newest first",
    schema: { querystring: historyQuery, response: { 200: samplePage } },
  },
  requestProbe: {
    method: "POST",
    url: "/v1/measurements/requests",
    scope: "admin",
    tag: "measurements",
    summary: "Ask the worker to probe an address now (inside measure.scope only)",
    schema: { body: probeRequestBody, response: { 202: probeRequest } },
  },
  listProbeRequests: {
    method: "GET",
    url: "/v1/measurements/requests",
    scope: "read",
    tag: "measurements",
    summary: "Probe requests, newest first",
    schema: { querystring: pageQuery.strict(), response: { 200: probeRequestPage } },
  },
  showProbeRequest: {
    method: "GET",
    url: "/v1/measurements/requests/:id",
    scope: "read",
    tag: "measurements",
    summary: "One probe request",
    schema: { params: probeRequestParams, response: { 200: probeRequest } },
  },

  // --- decisions and explain
  listDecisions: {
    method: "GET",
    url: "/v1/decisions",
    scope: "read",
    tag: "decisions",
    summary: "Current decisions, filtered by provider, level, cause",
    schema: { querystring: decisionQuery, response: { 200: decisionPage } },
  },
  explain: {
    method: "GET",
    url: "/v1/explain",
    scope: "read",
    tag: "decisions",
    summary: "The provider an address or ECS subnet is answered with, and why",
    schema: { querystring: explainQuery, response: { 200: explanation } },
  },

  // --- dashboard views (aggregated server-side)
  latencyMatrix: {
    method: "GET",
    url: "/v1/matrix",
    scope: "read",
    tag: "views",
    summary: "Prefixes x providers: median RTT and loss, the chosen provider, ranked by demand, regret or margin",
    schema: { querystring: matrixQuery, response: { 200: matrixPage } },
  },
  activity: {
    method: "GET",
    url: "/v1/activity",
    scope: "read",
    tag: "views",
    summary: "Probes sent and lost per provider, decisions per cause over time, and the shares now",
    schema: { querystring: activityQuery, response: { 200: activity } },
  },
  answers: {
    method: "GET",
    url: "/v1/answers",
    scope: "read",
    tag: "views",
    summary: "Steered answers per provider and minute, as the responders counted them",
    schema: { querystring: answersQuery, response: { 200: answerHistory } },
  },

  // --- audit and keys
  listAudit: {
    method: "GET",
    url: "/v1/audit",
    scope: "read",
    tag: "audit",
    summary: "Changes made through the API, newest first",
    schema: { querystring: auditQuery, response: { 200: auditPage } },
  },
  listKeys: {
    method: "GET",
    url: "/v1/keys",
    scope: "admin",
    tag: "keys",
    summary: "API keys (never their tokens)",
    schema: get({ 200: apiKeyList }),
  },
  createKey: {
    method: "POST",
    url: "/v1/keys",
    scope: "admin",
    tag: "keys",
    summary: "Create a key; its token is in this answer only",
    schema: { body: keyCreateBody, response: { 201: apiKeyCreated } },
  },
  revokeKey: {
    method: "DELETE",
    url: "/v1/keys/:id",
    scope: "admin",
    tag: "keys",
    summary: "Revoke a key (not the last admin key)",
    schema: { params: keyParams, response: { 200: apiKey } },
  },

  // --- TSIG keys for zone transfers and NOTIFY
  listTsigKeys: {
    method: "GET",
    url: "/v1/tsig-keys",
    scope: "admin",
    tag: "tsig-keys",
    summary: "TSIG keys of the config file and of the API: names and algorithms, never secrets",
    schema: get({ 200: tsigKeyList }),
  },
  createTsigKey: {
    method: "POST",
    url: "/v1/tsig-keys",
    scope: "admin",
    tag: "tsig-keys",
    summary: "Add a TSIG key (its secret given, or made and answered this once); transfers accept it from the next request",
    schema: { body: tsigKeyCreateBody, response: { 201: tsigKeyCreated } },
  },
  deleteTsigKey: {
    method: "DELETE",
    url: "/v1/tsig-keys/:name",
    scope: "admin",
    tag: "tsig-keys",
    summary: "Delete a TSIG key added through the API (config keys are changed in the config file)",
    schema: { params: tsigKeyParams, response: { 200: tsigKeyView } },
  },

  // --- probes of the API itself
  health: { method: "GET", url: "/health", scope: "public", tag: "health", summary: "Liveness", schema: get({ 200: health }) },
  ready: {
    method: "GET",
    url: "/ready",
    scope: "public",
    tag: "health",
    summary: "Readiness: store and zones",
    schema: get({ 200: readiness, 503: readiness }),
  },
} as const satisfies Record<string, RouteSpec>;

export type RouteId = keyof typeof routes;
