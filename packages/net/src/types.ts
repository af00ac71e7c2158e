export type Family = 4 | 6;

/** An address as octets: 4 for IPv4, 16 for IPv6. */
export interface Address {
  readonly family: Family;
  readonly bytes: Uint8Array;
}
