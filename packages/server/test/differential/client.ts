import dgram from "node:dgram";
import { type Endpoint, frame, tcpExchange } from "../client.js";

export interface Target extends Endpoint {
  label: string;
}

/**
 * One UDP socket per target, queries matched to answers by message id. Sequential use by the
 * differential runner; retries cover the rare loopback drop under load (bounded).
 */
export class UdpClient {
  private readonly sock = dgram.createSocket("udp4");
  private readonly waiting = new Map<number, (msg: Buffer) => void>();

  constructor(private readonly target: Target) {
    this.sock.on("message", (msg) => {
      if (msg.length < 2) return;
      this.waiting.get(msg.readUInt16BE(0))?.(msg);
    });
  }

  async query(build: (id: number) => Buffer, timeoutMs = 1000, attempts = 3): Promise<Buffer | null> {
    for (let i = 0; i < attempts; i++) {
      const id = Math.floor(Math.random() * 0x10000);
      const answer = await new Promise<Buffer | null>((resolve) => {
        const timer = setTimeout(() => {
          this.waiting.delete(id);
          resolve(null);
        }, timeoutMs);
        this.waiting.set(id, (msg) => {
          clearTimeout(timer);
          this.waiting.delete(id);
          resolve(msg);
        });
        this.sock.send(build(id), this.target.port, this.target.address);
      });
      if (answer) return answer;
    }
    return null;
  }

  close(): void {
    this.sock.close();
  }
}

/** One query over a fresh TCP connection (RFC 7766 framing); null on timeout or close. */
export function tcpQuery(target: Target, msg: Buffer, timeoutMs = 2000): Promise<Buffer | null> {
  return tcpExchange(target, [frame(msg)], 1, timeoutMs).then((f) => f[0] ?? null);
}
