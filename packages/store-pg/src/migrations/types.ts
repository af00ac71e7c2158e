/**
 * One schema step in PostgreSQL's dialect. `step` names it in the `dnsteer_schema` table;
 * `sqliteVersion` is the @dnsteer/storage migration it mirrors (null: PostgreSQL only, for now).
 */
export interface PgMigration {
  readonly step: string;
  readonly sqliteVersion: number | null;
  readonly sql: string;
}
