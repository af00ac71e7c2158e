// raw-socket 1.8.1 ships no types and there is no @types package: the subset dnsteer uses.
declare module "raw-socket" {
  import type { EventEmitter } from "node:events";

  interface SocketOptions {
    protocol?: number;
    addressFamily?: number;
    bufferSize?: number;
  }

  class Socket extends EventEmitter {
    send(
      buffer: Buffer,
      offset: number,
      length: number,
      address: string,
      beforeCallback: (() => void) | null,
      afterCallback: (error: Error | null, bytes: number) => void,
    ): this;
    setOption(level: number, option: number, value: number | Buffer, length?: number): void;
    pauseRecv(): this;
    resumeRecv(): this;
    close(): this;
    on(event: "message", listener: (buffer: Buffer, source: string) => void): this;
    on(event: "error", listener: (error: Error) => void): this;
    on(event: "close", listener: () => void): this;
    /** Internals (raw-socket 1.8.1 index.js): the native handle and its receive buffer. Used only
     * by raw-icmp.ts to drain every queued datagram in one readable event. */
    readonly wrap: { recv(buffer: Buffer, callback: (buffer: Buffer, bytes: number, source: string) => void): void };
    readonly buffer: Buffer;
  }

  interface RawSocketModule {
    createSocket(options?: SocketOptions): Socket;
    Socket: typeof Socket;
    AddressFamily: { IPv4: number; IPv6: number };
    Protocol: { None: number; ICMP: number; TCP: number; UDP: number; ICMPv6: number };
    SocketLevel: { SOL_SOCKET: number; IPPROTO_IP: number; IPPROTO_IPV6: number };
    SocketOption: {
      SO_BROADCAST: number;
      SO_RCVBUF: number;
      SO_SNDBUF: number;
      SO_BINDTODEVICE: number;
      IP_HDRINCL: number;
      IP_OPTIONS: number;
      IP_TOS: number;
      IP_TTL: number;
      IPV6_TTL: number;
      IPV6_UNICAST_HOPS: number;
      IPV6_V6ONLY: number;
    };
  }

  const raw: RawSocketModule;
  export default raw;
  export type { RawSocketModule, Socket, SocketOptions };
}
