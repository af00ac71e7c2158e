export { DnsServer, type DnsServerOptions, type ListenAddress, type ReloadOutcome } from "./server.js";
export { loadZoneFilesOffThread } from "./reload/load-off-thread.js";
export type { ZoneFile } from "./reload/zone-files.js";
export { createResponder, type Responder, type ResponderOptions } from "./core/responder.js";
export { buildChain, type ChainServices } from "./chain.js";
export type { FlowService } from "./plugins/flow/index.js";
export { ResponseRateLimiter, type RrlEvent, type RrlStats } from "./plugins/rrl/index.js";
export { DnsCookies, type CookieStats } from "./plugins/cookies/index.js";
export { compose } from "./core/compose.js";
export type { Handler, Next, QueryContext, Reply, Transport, Peer } from "./core/handler.js";
export { defaultSettings, resolveSettings, type ServerSettings, type ServerSettingsInput, type TcpSettings, type RrlSettings, type CookieSettings } from "./core/settings.js";
export type { TcpStats } from "./tcp/listener.js";
export { createSnapshot, type Snapshot } from "./core/snapshot.js";
export { steer, type SteeringService } from "./plugins/steer/index.js";
export {
  buildSteeringView,
  providerForAddress,
  providerForSubnet,
  providerForQuery,
  steeredAddresses,
  subnetDecides,
  type SteeringView,
  type SteeringViewInput,
  type SteeredProvider,
} from "./plugins/steer/view.js";
