// What happens around a socket's life: a throwing onBatch, and a worker thread that ends
// with its socket open.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { openBatchSocket } from "../src/index.js";
import { client, replies, send } from "./clients.js";

const run = promisify(execFile);
const here = (file: string): string => fileURLToPath(new URL(file, import.meta.url));

describe("lifecycle", () => {
  it("an exception in onBatch reaches Node as uncaught and the socket keeps serving", async () => {
    const { stdout } = await run(
      process.execPath,
      ["--conditions=source", "--import", import.meta.resolve("tsx"), here("./throw-child.ts")],
      {
        timeout: 30_000,
      },
    );
    expect(JSON.parse(stdout.trim())).toEqual({ uncaught: ["boom from onBatch"], replies: ["ok"] });
  });

  it("a worker thread serves from its own loop; when it ends with the socket open, the port is freed", async () => {
    const worker = new Worker(here("./worker-shim.mjs"));
    const port = await new Promise<number>((resolve, reject) => {
      worker.once("message", resolve);
      worker.once("error", reject);
    });
    const c = await client(4, "127.0.0.1");
    const wait = replies(c, 1);
    await send(c, "hi", port, "127.0.0.1");
    expect((await wait)[0]).toMatchObject({ data: "w:hi", fromPort: port });
    c.close();
    await worker.terminate();
    const again = openBatchSocket({ address: "127.0.0.1", port, onBatch() {} }); // no reusePort: only works if the worker's socket is closed
    expect(again.port).toBe(port);
    again.close();
  });
});
