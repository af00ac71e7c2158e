// Node's ceiling on this box: a bare node:dgram server that answers every query with the query
// itself turned into a response plus one fixed A record. No parsing, no lookup, no cache: what
// dnsteer could at most reach with one Node process. Usage: node-ceiling.ts PORT
import dgram from "node:dgram";

const port = Number(process.argv[2]);
// Answer RR: pointer to the question name (offset 12), A IN, TTL 300, 192.0.2.80.
const answer = Buffer.from([0xc0, 0x0c, 0, 1, 0, 1, 0, 0, 0x01, 0x2c, 0, 4, 192, 0, 2, 80]);
const sock = dgram.createSocket("udp4");
sock.on("message", (msg, rinfo) => {
  if (msg.length < 12) return;
  const out = Buffer.allocUnsafe(msg.length + answer.length);
  msg.copy(out);
  answer.copy(out, msg.length);
  out[2] = 0x84 | (msg[2]! & 0x01); // QR, AA, RD echoed
  out[3] = 0;
  out.writeUInt16BE(1, 6); // ANCOUNT
  sock.send(out, rinfo.port, rinfo.address);
});
sock.bind(port, "127.0.0.1", () => console.log(`ceiling on :${port}`));
process.once("SIGTERM", () => sock.close(() => process.exit(0)));
