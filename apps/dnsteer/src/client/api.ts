import { readFileSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { CliError } from "../cli/errors.js";

/** Where the CLI finds the admin API and its key. */
export interface ApiTarget {
  url: string;
  key: string | undefined;
}

/**
 * $DNSTEER_API_URL / $DNSTEER_API_KEY, else the config's `api` section (the same config
 * `serve` would run with) and the admin token file `dnsteer up` writes under its data folder.
 */
export async function apiTarget(configFlag: string | undefined, env = process.env): Promise<ApiTarget> {
  if (env.DNSTEER_API_URL) return { url: env.DNSTEER_API_URL.replace(/\/+$/, ""), key: env.DNSTEER_API_KEY || undefined };
  const { locateConfig } = await import("@dnsteer/config");
  const { config } = locateConfig(configFlag);
  const host = config.api.address.includes(":") ? `[${config.api.address}]` : config.api.address;
  const keyFile = isAbsolute(config.api.keyFile) ? config.api.keyFile : join(config.dataDir, config.api.keyFile);
  return { url: `http://${host}:${config.api.port}`, key: env.DNSTEER_API_KEY || readKey(keyFile) };
}

function readKey(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8").trim() || undefined;
  } catch {
    return undefined;
  }
}

type Query = Record<string, string | number | undefined>;

/** A thin client: JSON in and out, every failure a CliError naming what went wrong. */
export class ApiClient {
  constructor(readonly target: ApiTarget) {}

  get<T>(path: string, query?: Query): Promise<T> {
    return this.request<T>("GET", path, query);
  }

  post<T>(path: string, body?: unknown): Promise<T> {
    return this.request<T>("POST", path, undefined, body);
  }

  /** `answers`: statuses besides 2xx whose body is the answer (422: a reload some zones failed). */
  async request<T>(method: string, path: string, query?: Query, body?: unknown, answers: readonly number[] = []): Promise<T> {
    const url = new URL(this.target.url + path);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) url.searchParams.set(k, String(v));
    const headers: Record<string, string> = {};
    if (this.target.key) headers.authorization = `Bearer ${this.target.key}`;
    if (body !== undefined) headers["content-type"] = "application/json";
    let res: Response;
    try {
      res = await fetch(url, {
        method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(30_000),
      });
    } catch (err) {
      const cause = (err as { cause?: { code?: string } }).cause?.code ?? (err as Error).message;
      throw new CliError(
        "API_UNREACHABLE",
        `cannot reach the admin API at ${this.target.url} (${cause}); is \`dnsteer up\` (or \`dnsteer api\`) running? Set DNSTEER_API_URL to point elsewhere`,
      );
    }
    const text = await res.text();
    const data = text ? safeJson(text) : undefined;
    if (res.ok || answers.includes(res.status)) return data as T;
    throw errorOf(res.status, data, method, path);
  }
}

interface ApiErrorBody {
  error?: string;
  message?: string;
  field?: string;
  location?: { file: string; line: number };
}

function errorOf(status: number, data: unknown, method: string, path: string): CliError {
  const body = (typeof data === "object" && data !== null ? data : {}) as ApiErrorBody;
  const at = body.location ? `${body.location.file}:${body.location.line}` : "";
  const where = at && !body.message?.includes(at) ? `${at}: ` : "";
  const field = body.field ? ` (${body.field})` : "";
  const message = `${where}${body.message ?? `${method} ${path}: HTTP ${status}`}${field}`;
  if (status === 401 || status === 403 || status === 429) {
    const hint = status === 401 ? "; set DNSTEER_API_KEY or run where the data folder's api.key is readable" : "";
    return new CliError("API_DENIED", `${message}${hint}`);
  }
  return new CliError("API_ERROR", message);
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { message: text.slice(0, 200) };
  }
}

/** The client for a command's options (`--config` locates the API like `serve` locates its config). */
export async function clientFor(opts: { config?: string }): Promise<ApiClient> {
  return new ApiClient(await apiTarget(opts.config));
}
