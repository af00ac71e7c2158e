import { randomInt } from "node:crypto";
import { addressFamily } from "@dnsteer/net";
import { decodeMessage, type Name, parseName, ROOT, RRClass, RRType } from "@dnsteer/wire";
import { decodeWithDns2 } from "./dns2/decode.js";
import { encodeWithDns2 } from "./dns2/encode.js";
import type { Dns2Message } from "./dns2/types.js";
import { DnsClientError } from "./errors.js";
import { overTcp, overUdp } from "./transports.js";

export interface Question {
  /** Presentation form; relative names are taken as absolute ("example.test" = "example.test."). */
  name: string;
  type: number;
  class?: number;
}

export interface QueryOptions {
  /** For the whole exchange, UDP and any TCP retry together (default 2000). */
  timeoutMs?: number;
  /** EDNS payload size offered (RFC 6891 6.2.5); 1232 by default, the DNS Flag Day 2020 figure. */
  udpSize?: number;
  /** RD: ask a resolver to recurse. Off by default: this client talks to authoritative servers. */
  recursionDesired?: boolean;
}

export interface QueryResult {
  message: Dns2Message;
  /** "tcp" when the UDP answer came back truncated (TC) and was asked again over TCP (RFC 7766 5). */
  transport: "udp" | "tcp";
}

/**
 * Ask `server` (an IP address) one question: over UDP, and over TCP again if the answer is
 * truncated. Only an answer with our ID and our question counts; over UDP anything else is
 * ignored (it may be spoofed), over TCP it is `BAD_RESPONSE`. The query is encoded and the
 * answer decoded by the dns2 codec with its gap guards (`src/dns2/`).
 */
export async function query(server: string, port: number, question: Question, opts: QueryOptions = {}): Promise<QueryResult> {
  const family = addressFamily(server);
  if (family === 0) throw new DnsClientError("BAD_SERVER", `not an IP address: ${JSON.stringify(server)}`);
  const name = parseName(question.name, ROOT);
  const exchange: Exchange = { id: randomInt(0x10000), name, type: question.type, class: question.class ?? RRClass.IN };
  const request = encodeWithDns2({
    header: { id: exchange.id, rd: opts.recursionDesired ? 1 : 0 },
    questions: [{ name: name === ROOT ? "" : name.slice(0, -1), type: exchange.type, class: exchange.class }],
    additionals: [{ name: "", type: RRType.OPT, class: opts.udpSize ?? 1232, ttl: 0, rdata: [] }],
  });
  const deadline = Date.now() + (opts.timeoutMs ?? 2000);
  const udp = await overUdp(family, server, port, request, deadline, (bytes) => answerTo(bytes, exchange));
  if (!udp.header.tc) return { message: udp, transport: "udp" };
  const tcp = await overTcp(server, port, request, deadline, (bytes) => answerTo(bytes, exchange));
  return { message: tcp, transport: "tcp" };
}

interface Exchange {
  id: number;
  name: Name;
  type: number;
  class: number;
}

/** The decoded answer, or why these bytes are not the answer to this exchange. */
function answerTo(bytes: Uint8Array, x: Exchange): Dns2Message | string {
  try {
    const m = decodeMessage(bytes);
    const q = m.question[0];
    if (m.id !== x.id || (m.flags & 0x8000) === 0) return `not an answer to query ${x.id}`;
    if (m.question.length !== 1 || q!.name !== x.name || q!.type !== x.type || q!.class !== x.class) return "an answer to another question";
    return decodeWithDns2(bytes);
  } catch (e) {
    return `does not decode: ${(e as Error).message}`;
  }
}
