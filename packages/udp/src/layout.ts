// The shared buffer's metadata layout, which native/batch_udp.c writes and reads: one 64-byte
// entry (16 32-bit words, host order) per message, received or to send.
export const META_WORDS = 16;
export const W_OFFSET = 0; // byte offset of the datagram in the shared buffer
export const W_LENGTH = 1; // its length
export const W_PORT = 2; // the peer's port
export const W_FAMILY = 3; // 4 or 6
export const W_IFINDEX = 4; // the interface the query arrived on (IPv6 answers leave by it)
export const B_PEER = 32; // byte offset in the entry: the peer's address (4 or 16 bytes)
export const B_LOCAL = 48; // the local address the query was sent to = the answer's source
// Control words (at `control` in the shared buffer).
export const C_TX_COUNT = 0; // answers written into the tx entries so far
export const C_RX_COUNT = 1; // messages in the current batch
