export { DecisionMap, readDecisionMap, type DecisionMapTransfer, type DecisionRouteReader } from "./decision-map.js";
/** What a DecisionMap is built from (defined in @dnsteer/model; `store.listDecisionRoutes()` reads them). */
export type { DecisionRoute } from "@dnsteer/model";
export { PrefixTrie, type TrieArrays } from "./prefix-trie.js";
