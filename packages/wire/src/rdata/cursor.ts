import { WireError } from "../errors.js";
import type { RDataToken } from "./types.js";

/** Walks the rdata tokens of one record, with errors that name the missing or extra field. */
export class TokenCursor {
  private i = 0;

  constructor(
    private readonly tokens: readonly RDataToken[],
    private readonly typeName: string,
  ) {}

  next(field: string): RDataToken {
    const t = this.tokens[this.i++];
    if (t === undefined) throw new WireError("BAD_RDATA", `${this.typeName}: missing ${field}`);
    return t;
  }

  hasMore(): boolean {
    return this.i < this.tokens.length;
  }

  /** Every token not consumed yet. */
  rest(): RDataToken[] {
    const r = this.tokens.slice(this.i);
    this.i = this.tokens.length;
    return r;
  }

  end(): void {
    const t = this.tokens[this.i];
    if (t !== undefined) throw new WireError("BAD_RDATA", `${this.typeName}: unexpected extra text "${t.text}"`);
  }
}
