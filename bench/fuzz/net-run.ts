import { wireCorpus } from "./corpus.js";
import { describeFailure, type FuzzTarget, inputFor } from "./engine.js";
import { mutateWire } from "./mutate.js";
import { startServe, TcpFuzzClient, UdpFuzzClient } from "./net-target.js";

/**
 * The network mode: mutated queries (the query corpus only) against a `dnsteer serve` this
 * run starts, over UDP or TCP on loopback. Returns the number of failures; a server that
 * exits is one failure and ends the run (its last log lines are printed).
 */
export async function fuzzNetwork(
  transport: "udp" | "tcp",
  seed: number,
  from: number,
  iterations: number,
  hangMs: number,
  keepGoing: boolean,
): Promise<number> {
  const target: FuzzTarget = { name: transport, corpus: wireCorpus().queries, mutate: mutateWire, checks: [] };
  const serve = await startServe();
  const client = transport === "udp" ? new UdpFuzzClient(serve.port) : new TcpFuzzClient(serve.port);
  if (client instanceof UdpFuzzClient) await client.open();
  const started = Date.now();
  let failures = 0;
  let i = from;
  try {
    for (; i < from + iterations; i++) {
      const input = inputFor(target, seed, i);
      let detail = await client.exchange(input.bytes, hangMs);
      const exited = serve.exited();
      if (exited !== null) detail = `the server exited with ${exited}; its log ends:\n${serve.log().slice(-2000)}`;
      if (detail !== null) {
        failures++;
        const kind = exited !== null ? "crash" : detail.startsWith("hang") ? "hang" : "wrong";
        console.log(describeFailure({ target: transport, check: "reply", seed, iteration: i, kind, detail, input }));
        if (exited !== null || !keepGoing) {
          i++;
          break;
        }
      }
    }
  } finally {
    client.close();
    await serve.stop();
  }
  const ms = Date.now() - started;
  console.log(
    `${transport}: ${i - from} executions in ${(ms / 1000).toFixed(1)} s (${Math.round((i - from) / (ms / 1000))}/s), ${failures} failures`,
  );
  return failures;
}
