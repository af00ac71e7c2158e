/** What a DecisionMap is built from (defined in @dnsteer/model; `store.listDecisionRoutes()` reads them). */
export type { DecisionRoute } from "@dnsteer/model";
export { CompactTrie } from "./compact-trie.js";
export {
  DecisionMap,
  DecisionMapBuilder,
  type DecisionMapTransfer,
  type DecisionRouteReader,
  type RouteChange,
  readDecisionMap,
} from "./decision-map.js";
export { TrieBuilder } from "./trie-builder.js";
export type { TrieArrays } from "./trie-layout.js";
