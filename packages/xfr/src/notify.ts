import { randomInt } from "node:crypto";
import dgram from "node:dgram";
import { isIPv6 } from "node:net";
import { decodeWithDns2 } from "@dnsteer/dns-client";
import type { TsigKey } from "@dnsteer/tsig";
import type { Name, RR, SOAData } from "@dnsteer/wire";
import { notifyMessage } from "./notify-message.js";
import type { NotifyTarget } from "./policy.js";

/** How hard to try: `tries` sends, waiting `firstWaitMs`, then twice as long each time (2/4/8/16 s). */
export interface NotifyRetry {
  tries: number;
  firstWaitMs: number;
}
export const DEFAULT_NOTIFY_RETRY: NotifyRetry = { tries: 5, firstWaitMs: 2000 };

export type NotifyOutcome =
  | { ok: true; target: NotifyTarget; tries: number; rcode: number }
  | { ok: false; target: NotifyTarget; tries: number; reason: string };

/**
 * Send a NOTIFY for `soa` to one secondary over UDP (RFC 1996 3.6) and wait for its answer,
 * sending again after each wait until `retry.tries` have gone unanswered. Any answer with our
 * ID, QR and opcode NOTIFY ends it (an error rcode included: the secondary heard us and said
 * no; resending would not change its mind). The codec of the answer is dns2 (dns-client's).
 */
export function sendNotify(
  target: NotifyTarget,
  origin: Name,
  soa: RR<SOAData>,
  key: TsigKey | undefined,
  retry: NotifyRetry = DEFAULT_NOTIFY_RETRY,
): Promise<NotifyOutcome> {
  return new Promise((resolve) => {
    const id = randomInt(0, 0x10000);
    const socket = dgram.createSocket(isIPv6(target.address) ? "udp6" : "udp4");
    let tries = 0;
    let lastError = "";
    let timer: NodeJS.Timeout | undefined;
    const finish = (outcome: NotifyOutcome) => {
      clearTimeout(timer);
      socket.close();
      resolve(outcome);
    };
    const send = () => {
      if (tries >= retry.tries)
        return finish({ ok: false, target, tries, reason: `no answer to ${tries} NOTIFYs${lastError ? ` (last: ${lastError})` : ""}` });
      const wait = retry.firstWaitMs * 2 ** tries;
      tries++;
      // Signed afresh each time: the TSIG time must stay within the secondary's fudge.
      socket.send(notifyMessage(id, origin, soa, key, Math.floor(Date.now() / 1000)).message);
      timer = setTimeout(send, wait);
    };
    // ICMP port unreachable (ECONNREFUSED) and the like: the secondary may not be up yet, so
    // the schedule goes on; the last error is reported if every try fails.
    socket.on("error", (e) => {
      lastError = e.message;
    });
    socket.on("message", (bytes) => {
      let answer: ReturnType<typeof decodeWithDns2>;
      try {
        answer = decodeWithDns2(bytes);
      } catch {
        return; // not a DNS message we can read: keep waiting
      }
      const h = answer.header;
      if (h.id !== id || !h.qr || h.opcode !== 4) return;
      finish({ ok: true, target, tries, rcode: h.rcode });
    });
    socket.connect(target.port, target.address, send);
  });
}
