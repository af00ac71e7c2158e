import { request as httpRequest } from "node:http";
import { request as httpsRequest } from "node:https";
import { connect } from "node:net";
import type { ServiceCheckConfig } from "./config.js";

/** One check's outcome: passed or not, and a sentence saying what was seen. */
export interface CheckOutcome {
  passed: boolean;
  detail: string;
}

/**
 * Checks one service address once, out of `localAddress` (the provider's source of the
 * address's family: the kernel routes by it, `ip rule from <source>`, so the check leaves the
 * way the provider's traffic does). TCP: the connection opens. HTTP(S): a GET whose status is in
 * `okStatus` within `timeoutMs` (the body is not read). Never rejects.
 */
export function checkOnce(cfg: ServiceCheckConfig, address: string, localAddress: string): Promise<CheckOutcome> {
  return cfg.type === "tcp" ? tcpCheck(cfg, address, localAddress) : httpCheck(cfg, address, localAddress);
}

function tcpCheck(cfg: ServiceCheckConfig, address: string, localAddress: string): Promise<CheckOutcome> {
  return new Promise((resolve) => {
    const socket = connect({ host: address, port: cfg.port, localAddress });
    const finish = (outcome: CheckOutcome) => {
      clearTimeout(timer);
      socket.removeAllListeners();
      socket.on("error", () => {});
      socket.destroy();
      resolve(outcome);
    };
    const timer = setTimeout(
      () => finish({ passed: false, detail: `tcp ${where(address, cfg.port)}: no connection within ${cfg.timeoutMs} ms` }),
      cfg.timeoutMs,
    );
    socket.once("connect", () => finish({ passed: true, detail: `tcp ${where(address, cfg.port)}: connected` }));
    socket.once("error", (err: NodeJS.ErrnoException) =>
      finish({ passed: false, detail: `tcp ${where(address, cfg.port)}: ${err.code ?? err.message}` }),
    );
  });
}

function httpCheck(cfg: ServiceCheckConfig, address: string, localAddress: string): Promise<CheckOutcome> {
  const url = `${cfg.type}://${where(address, cfg.port)}${cfg.path}`;
  return new Promise((resolve) => {
    let done = false;
    const finish = (outcome: CheckOutcome) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.destroy();
      resolve(outcome);
    };
    const options = {
      host: address,
      port: cfg.port,
      path: cfg.path,
      method: "GET",
      localAddress,
      agent: false as const,
      headers: { host: cfg.host ?? where(address, cfg.port), "user-agent": "dnsteer-service-check", connection: "close" },
      ...(cfg.type === "https" && { servername: cfg.host ?? undefined, rejectUnauthorized: !cfg.insecure }),
    };
    const req = (cfg.type === "https" ? httpsRequest : httpRequest)(options, (res) => {
      const status = res.statusCode ?? 0;
      res.resume();
      const passed = cfg.okStatus.some(([lo, hi]) => status >= lo && status <= hi);
      finish({ passed, detail: `GET ${url}: status ${status}` });
    });
    const timer = setTimeout(() => finish({ passed: false, detail: `GET ${url}: no answer within ${cfg.timeoutMs} ms` }), cfg.timeoutMs);
    req.on("error", (err: NodeJS.ErrnoException) => finish({ passed: false, detail: `GET ${url}: ${err.code ?? err.message}` }));
    req.end();
  });
}

function where(address: string, port: number): string {
  return address.includes(":") ? `[${address}]:${port}` : `${address}:${port}`;
}
