import { pino, type Logger } from "pino";

/** JSON lines on stderr (stdout stays free for command output). */
export function createLogger(level: string): Logger {
  return pino({ level, base: { app: "dnsteer" } }, pino.destination(2));
}
