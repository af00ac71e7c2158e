export { DecisionMap, type Decision, type DecisionLevel } from "./decision-map.js";
export { PrefixTrie } from "./prefix-trie.js";
export { formatAddress, maskInPlace, parseIPv4Into, parseIPv6Into } from "./ip.js";
