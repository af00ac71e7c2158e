import type { TransferService, Transfers } from "@dnsteer/xfr";

/**
 * The transfer service the responder's chain holds for its whole life, passing every call to
 * the Transfers built from the config in force: a reload that changes zones' transfer/notify
 * settings or the TSIG keys swaps in a new one (its journals read back from their files).
 */
export class LiveTransfers implements TransferService {
  constructor(private transfers: Transfers) {}

  get current(): Transfers {
    return this.transfers;
  }

  get keys(): TransferService["keys"] {
    return this.transfers.keys;
  }

  policy(origin: string): ReturnType<TransferService["policy"]> {
    return this.transfers.policy(origin);
  }

  journal(origin: string): ReturnType<TransferService["journal"]> {
    return this.transfers.journal(origin);
  }

  replace(next: Transfers): void {
    this.transfers = next;
  }
}
