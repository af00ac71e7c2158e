export { SupervisedThread, type Supervision } from "./supervised.js";
export { ThreadHandle, ThreadPort, ThreadSpec } from "./thread.js";
