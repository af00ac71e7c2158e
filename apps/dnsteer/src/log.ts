import { type Logger, pino } from "pino";
import pretty from "pino-pretty";

/**
 * Logs on stderr (stdout stays free for command output): JSON lines, one per event, for
 * journald and log shippers; pretty (pino-pretty, colours, local time) when stderr is a
 * terminal, unless DNSTEER_LOG_FORMAT=json asks for JSON there too.
 */
export function createLogger(level: string): Logger {
  const base = { level, base: { app: "dnsteer" } };
  if (process.stderr.isTTY && process.env.DNSTEER_LOG_FORMAT !== "json") {
    return pino(base, pretty({ destination: 2, translateTime: "SYS:HH:MM:ss.l", ignore: "pid,hostname,app" }));
  }
  return pino(base, pino.destination(2));
}
