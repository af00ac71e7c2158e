/** One schema step. `version` is what PRAGMA user_version reads after it is applied. */
export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}
