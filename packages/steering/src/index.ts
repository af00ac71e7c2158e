export { DecisionMap, type Decision, type DecisionLevel, type DecisionMapTransfer } from "./decision-map.js";
export { PrefixTrie, type TrieArrays } from "./prefix-trie.js";
