import type { PgMigration } from "./types.js";

/**
 * PostgreSQL only: what a responder needs to read only the decisions changed since the version
 * it has (`decisionChanges`).
 * - The 'decisions' counter is bumped BEFORE each statement (no longer after): the bump takes
 *   the counter row's lock, held until commit, so a second writer's bump waits for this commit
 *   and then reads its value; versions are handed out in commit order. The value is kept in a
 *   transaction-local setting for the row trigger, which stamps each inserted or updated row's
 *   `changed_version` with it (whoever writes: the decider, the admin API, a provider rename's
 *   cascade).
 * - A deleted row leaves a tombstone at its statement's version (a later delete of the same
 *   source moves it up); `decision_change_floor` is the highest version whose tombstones were
 *   pruned: a reader at a lower version must read everything.
 * Rows from before this step keep `changed_version` 0 and the floor starts at the counter's
 * value, so a reader at an older version reads everything once.
 */
export const decisionChanges: PgMigration = {
  step: "012-decision-changes",
  sqliteVersion: null,
  sql: `
    ALTER TABLE decisions ADD COLUMN changed_version BIGINT NOT NULL DEFAULT 0;
    CREATE INDEX decisions_changed_version ON decisions (changed_version);

    CREATE TABLE decision_tombstones (
      prefix TEXT NOT NULL,
      prefix_length INTEGER NOT NULL,
      version BIGINT NOT NULL,
      deleted_at BIGINT NOT NULL,
      PRIMARY KEY (prefix, prefix_length)
    );
    CREATE INDEX decision_tombstones_version ON decision_tombstones (version);
    CREATE INDEX decision_tombstones_deleted_at ON decision_tombstones (deleted_at);

    CREATE TABLE decision_change_floor (id INTEGER PRIMARY KEY CHECK (id = 1), version BIGINT NOT NULL);
    INSERT INTO decision_change_floor (id, version) SELECT 1, value FROM change_counters WHERE name = 'decisions';

    CREATE FUNCTION dnsteer_bump_decisions() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE v BIGINT;
      BEGIN
        UPDATE change_counters SET value = value + 1 WHERE name = 'decisions' RETURNING value INTO v;
        PERFORM set_config('dnsteer.decisions_version', v::text, true);
        RETURN NULL;
      END $$;
    CREATE FUNCTION dnsteer_stamp_decision() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN NEW.changed_version := current_setting('dnsteer.decisions_version')::bigint; RETURN NEW; END $$;
    CREATE FUNCTION dnsteer_bury_decisions() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO decision_tombstones (prefix, prefix_length, version, deleted_at)
          SELECT prefix, prefix_length, current_setting('dnsteer.decisions_version')::bigint,
            (extract(epoch FROM statement_timestamp()) * 1000)::bigint FROM gone
          ON CONFLICT (prefix, prefix_length) DO UPDATE SET version = excluded.version, deleted_at = excluded.deleted_at;
        RETURN NULL;
      END $$;

    DROP TRIGGER decisions_changed ON decisions;
    CREATE TRIGGER decisions_changed BEFORE INSERT OR UPDATE OR DELETE ON decisions
      FOR EACH STATEMENT EXECUTE FUNCTION dnsteer_bump_decisions();
    CREATE TRIGGER decisions_stamped BEFORE INSERT OR UPDATE ON decisions
      FOR EACH ROW EXECUTE FUNCTION dnsteer_stamp_decision();
    CREATE TRIGGER decisions_buried AFTER DELETE ON decisions
      REFERENCING OLD TABLE AS gone FOR EACH STATEMENT EXECUTE FUNCTION dnsteer_bury_decisions();
  `,
};
