import { type ChildProcess, execFile, spawn } from "node:child_process";
import dgram from "node:dgram";
import { fileURLToPath } from "node:url";

export const BIN = fileURLToPath(new URL("../bin/dnsteer", import.meta.url));

/** Run a command to completion; resolves with its exit code and output (never rejects). */
export function run(cmd: string, args: string[], timeoutMs = 30_000): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, args, { timeout: timeoutMs }, (err, stdout, stderr) => {
      const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A port free on loopback for UDP (bound, then released); TCP is checked by `serveOnFreePort`. */
export function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = dgram.createSocket("udp4");
    s.bind(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });
}

/**
 * Start `dnsteer serve` on a free port: `configFor(port)` writes the config and returns the
 * args. A port picked free can be taken before the server binds it (tests run in parallel),
 * so EADDRINUSE means: pick another and try again, a bounded number of times.
 */
export async function serveOnFreePort(configFor: (port: number) => string[]): Promise<{ child: ChildProcess; port: number }> {
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    try {
      return { child: await startServe(configFor(port)), port };
    } catch (err) {
      if (attempt >= 5 || !String(err).includes("EADDRINUSE")) throw err;
    }
  }
}

/** Start `dnsteer serve` with args; resolves once its "serving" log line appears. */
export function startServe(args: string[]): Promise<ChildProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(BIN, ["serve", ...args], { stdio: ["ignore", "pipe", "pipe"] });
    let log = "";
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`dnsteer serve did not start:\n${log}`));
    }, 30_000);
    child.stderr!.on("data", (d) => {
      log += d;
      if (log.includes('"msg":"serving"')) {
        clearTimeout(timer);
        resolve(child);
      }
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`dnsteer serve exited with ${code}:\n${log}`));
    });
  });
}

/** Stop a child we started and wait for it to exit. */
export function stop(child: ChildProcess | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (!child || child.exitCode !== null) return resolve();
    child.removeAllListeners("exit");
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
    setTimeout(() => child.kill("SIGKILL"), 5000).unref();
  });
}

/** Collect the child's stderr from now on, to wait for a log line. */
export function waitForLog(child: ChildProcess, text: string, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    let log = "";
    const timer = setTimeout(() => reject(new Error(`no "${text}" in log:\n${log}`)), timeoutMs);
    const onData = (d: Buffer) => {
      log += d;
      if (log.includes(text)) {
        clearTimeout(timer);
        child.stderr!.off("data", onData);
        resolve();
      }
    };
    child.stderr!.on("data", onData);
  });
}
