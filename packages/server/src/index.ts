export { buildChain, type ChainServices } from "./chain.js";
export {
  STEERED_HIT,
  STEERED_MISS,
  templateCacheCounts,
  ZONE_CLEARED,
  ZONE_HIT,
  ZONE_MISS,
} from "./core/answer-template-cache.js";
export { compose } from "./core/compose.js";
export type { Handler, Next, Peer, QueryContext, Reply, Transport } from "./core/handler.js";
export { createResponder, type ProblemReplyLimit, type Responder, type ResponderOptions } from "./core/responder.js";
export {
  type CookieSettings,
  defaultSettings,
  type RrlSettings,
  resolveSettings,
  type ServerSettings,
  type ServerSettingsInput,
  type TcpSettings,
} from "./core/settings.js";
export { createSnapshot, type Snapshot } from "./core/snapshot.js";
export { type QueryTally, tallyHandler } from "./core/tally.js";
export { FastLane, type FastLaneServices } from "./fast-lane/fast-lane.js";
export { type CookieStats, cookiesForProblemReplies, DnsCookies } from "./plugins/cookies/index.js";
export type { FlowService, FlowSink } from "./plugins/flow/index.js";
export { ResponseRateLimiter, type RrlEvent, type RrlStats, rrlForProblemReplies } from "./plugins/rrl/index.js";
export { SteeredAnswerCounts, ZONE_RECORDS_SLOT } from "./plugins/steer/answer-counts.js";
export { type SteeringService, steer } from "./plugins/steer/index.js";
export {
  buildSteeringView,
  providerForAddress,
  providerForQuery,
  providerForSubnet,
  type SteeredProvider,
  type SteeringView,
  type SteeringViewInput,
  steeredAddresses,
  subnetDecides,
} from "./plugins/steer/view.js";
export { loadZoneFilesOffThread } from "./reload/load-off-thread.js";
export type { ZoneFile } from "./reload/zone-files.js";
export { DnsServer, type DnsServerOptions, type ListenAddress, type ReloadOutcome } from "./server.js";
export type { TcpStats } from "./tcp/listener.js";
export type { UdpMode } from "./udp/choose.js";
export { FLOW_FLUSH_MS, FlowRelay, replayFlow } from "./udp/flow-relay.js";
export type { UdpChoice, UdpOptions, UdpWorkerStats, WorkerCounters } from "./udp/responders.js";
export type { WorkerSteering } from "./udp/worker-spec.js";
