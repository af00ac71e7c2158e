import { isIP } from "node:net";
import { z } from "zod";

const address = z.string().refine((s) => isIP(s) !== 0, { message: "must be an IPv4 or IPv6 address" });
const port = z.number().int().min(0).max(65535);

export const listenSchema = z.object({ address, port });

export const zoneSchema = z.object({
  /** Master file path, relative to the config file's folder. */
  file: z.string().min(1),
  /** Origin; defaults to the file's $ORIGIN / SOA owner. */
  origin: z.string().min(1).optional(),
});

export const configSchema = z
  .object({
    listen: z.array(listenSchema).min(1),
    zones: z.array(zoneSchema).min(1),
    /** Folder for the SQLite store and other state, relative to the config file. */
    dataDir: z.string().min(1),
    nsid: z.string().max(128).optional(),
    chaos: z.object({ version: z.string().max(255).nullable(), identity: z.string().max(255).nullable() }).strict(),
    udpPayloadSize: z.number().int().min(512).max(4096),
    templateCacheEntries: z.number().int().min(0),
    tcp: z
      .object({
        idleTimeoutMs: z.number().int().min(100),
        messageTimeoutMs: z.number().int().min(50),
        maxConnections: z.number().int().min(1),
      })
      .strict(),
    log: z.object({ level: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]) }).strict(),
  })
  .strict();

export type Config = z.infer<typeof configSchema>;
