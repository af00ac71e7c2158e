export { type LevelLogger, LimitedLog } from "./limited-log.js";
export { LogLimiter, type LogLimiterOptions, OVERFLOW_KEY, type Suppressed } from "./log-limiter.js";
