import type { Migration } from "./types.js";

/**
 * Version 11: a log of decision route changes, so the responder's refresh thread applies what
 * changed since its last map instead of reading every decision at each change (1M rows: a
 * second of CPU, several seconds at nice 10 on a busy box, for one flipped decision).
 *
 * Each insert, provider change and delete of a decision appends (prefix, length, provider now;
 * NULL = deleted); an update that keeps prefix and provider (a new reason) appends nothing.
 * Kept to the last 100 000 changes (trimmed every 1000): a reader further behind rebuilds from
 * the table, as one that starts does. `seq` only grows (the newest row is never trimmed).
 */
export const decisionRouteLog: Migration = {
  version: 11,
  name: "decision route log",
  sql: `
    CREATE TABLE decision_route_log (
      seq INTEGER PRIMARY KEY,
      prefix TEXT NOT NULL,
      prefix_length INTEGER NOT NULL,
      provider TEXT
    ) STRICT;

    CREATE TRIGGER decision_route_log_ins AFTER INSERT ON decisions BEGIN
      INSERT INTO decision_route_log (prefix, prefix_length, provider) VALUES (new.prefix, new.prefix_length, new.provider);
    END;
    CREATE TRIGGER decision_route_log_upd AFTER UPDATE ON decisions
      WHEN old.provider IS NOT new.provider OR old.prefix IS NOT new.prefix OR old.prefix_length IS NOT new.prefix_length BEGIN
      INSERT INTO decision_route_log (prefix, prefix_length, provider)
        SELECT old.prefix, old.prefix_length, NULL WHERE old.prefix IS NOT new.prefix OR old.prefix_length IS NOT new.prefix_length;
      INSERT INTO decision_route_log (prefix, prefix_length, provider) VALUES (new.prefix, new.prefix_length, new.provider);
    END;
    CREATE TRIGGER decision_route_log_del AFTER DELETE ON decisions BEGIN
      INSERT INTO decision_route_log (prefix, prefix_length, provider) VALUES (old.prefix, old.prefix_length, NULL);
    END;
    CREATE TRIGGER decision_route_log_trim AFTER INSERT ON decision_route_log WHEN new.seq % 1000 = 0 BEGIN
      DELETE FROM decision_route_log WHERE seq <= new.seq - 100000;
    END;
  `,
};
