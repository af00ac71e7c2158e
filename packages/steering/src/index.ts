/** What a DecisionMap is built from (defined in @dnsteer/model; `store.listDecisionRoutes()` reads them). */
export type { DecisionRoute } from "@dnsteer/model";
export { DecisionMap, type DecisionMapTransfer, type DecisionRouteReader, readDecisionMap } from "./decision-map.js";
export { PrefixTrie, type TrieArrays } from "./prefix-trie.js";
