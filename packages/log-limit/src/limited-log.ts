import { LogLimiter, type LogLimiterOptions } from "./log-limiter.js";

/** The part of a pino logger this needs (pino's Logger fits). */
export interface LevelLogger {
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

type Level = "warn" | "error";
interface Held {
  level: Level;
  fields: object;
  message: string;
}

/**
 * A logger that says each distinct failure once per window (`key` names the failure: what
 * failed and where, e.g. "notify|192.0.2.1:53") and, once the window has passed, one line
 * "<message> (N more suppressed in the last S s)" for what it held back. `flush()` says those;
 * `start()` runs it on an unref'd timer (it never keeps a process alive).
 */
export class LimitedLog {
  private readonly limiter: LogLimiter<Held>;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly target: LevelLogger,
    options: LogLimiterOptions = {},
  ) {
    this.limiter = new LogLimiter<Held>(options);
  }

  warn(key: string, fields: object, message: string): void {
    this.say("warn", key, fields, message);
  }

  error(key: string, fields: object, message: string): void {
    this.say("error", key, fields, message);
  }

  private say(level: Level, key: string, fields: object, message: string): void {
    if (this.limiter.admit(key, { level, fields, message })) this.target[level](fields, message);
  }

  /** Say the "N more suppressed" lines of every window that has ended. */
  flush(): void {
    for (const s of this.limiter.due()) {
      const { level, fields, message } = s.last;
      this.target[level]({ ...fields, suppressed: s.count }, `${message} (${s.count} more suppressed in the last ${s.windowMs / 1000} s)`);
    }
  }

  start(): this {
    this.timer ??= setInterval(() => this.flush(), Math.max(1000, this.limiter.windowMs / 4));
    this.timer.unref();
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
    this.flush();
  }
}
