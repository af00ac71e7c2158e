export { DnsServer, type DnsServerOptions, type ListenAddress, type ReloadOutcome } from "./server.js";
export { createResponder, type Responder, type ResponderOptions } from "./responder.js";
export { buildChain, defaultChain, type ChainServices } from "./chain.js";
export type { FlowService } from "./plugins/flow/index.js";
export { compose } from "./compose.js";
export type { Handler, Next, QueryContext, Reply, Transport, Peer } from "./context.js";
export { defaultSettings, type ServerSettings } from "./settings.js";
export { createSnapshot, type Snapshot } from "./snapshot.js";
