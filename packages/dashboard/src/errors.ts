export type DashboardErrorCode = "no_index";

/** The dashboard's one error class: the assets folder cannot serve a page. */
export class DashboardError extends Error {
  constructor(
    readonly code: DashboardErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "DashboardError";
  }
}
