// The admin API from the page: the key lives in sessionStorage (this tab only) and travels
// in the Authorization header; it never enters the URL or the document.

const KEY = "dnsteer.apiKey";

export class ApiFailure extends Error {
  constructor(status, body) {
    super(body?.message ?? `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

export const session = {
  key: () => sessionStorage.getItem(KEY),
  set: (token) => sessionStorage.setItem(KEY, token),
  clear: () => sessionStorage.removeItem(KEY),
};

/** GET or POST a route of the API (same origin); throws ApiFailure on anything but 2xx. */
export async function api(path, { method = "GET", query, body } = {}) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined && v !== "") url.searchParams.set(k, String(v));
  const headers = { authorization: `Bearer ${session.key() ?? ""}` };
  if (body !== undefined) headers["content-type"] = "application/json";
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), cache: "no-store" });
  const data = res.headers.get("content-type")?.includes("json") ? await res.json() : null;
  if (!res.ok) throw new ApiFailure(res.status, data);
  return data;
}

/** "admin" or "read": whether the key may list keys (admin only) tells its scope. */
export async function scopeOfKey() {
  try {
    await api("/v1/keys");
    return "admin";
  } catch (e) {
    if (e instanceof ApiFailure && e.status === 403) return "read";
    throw e;
  }
}
