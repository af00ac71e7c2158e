export { ThreadHandle, ThreadPort, ThreadSpec } from "./thread.js";
