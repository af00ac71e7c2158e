import { z } from "zod";

/** The roles one process tree (`dnsteer up`) runs; each may run on any number of hosts but the decider's one leader. */
export const ROLES = ["responder", "prober", "decider"] as const;
export type Role = (typeof ROLES)[number];

const siteName = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "a name of letters, digits, '.', '_' and '-'");

/**
 * Where the shared state lives. `sqlite` (the default): the one file under dataDir, one host.
 * `postgres`: each process keeps that file as its working store and a bridge syncs it with the
 * PostgreSQL at `url`, shared by every site (issue 15). `site` tags this host's probe samples,
 * `responder` its demand reports; both default to the host name. The timeouts bound how long a
 * silent server (a network cut mid-query) holds a bridge or the decider.
 */
export const storeSchema = z
  .discriminatedUnion("kind", [
    z.object({ kind: z.literal("sqlite") }).strict(),
    z
      .object({
        kind: z.literal("postgres"),
        url: z
          .string({ error: "required for store.kind postgres: a postgresql:// URL" })
          .regex(
            /^postgres(ql)?:\/\/./,
            "must be a postgresql:// URL (postgresql://user@host:port/db or postgresql:///db?host=/socket/folder)",
          )
          .describe("The shared database: postgresql://user:password@host:port/database (?host=/folder for a unix socket)."),
        site: siteName.optional().describe("This host's probe site: the tag of the samples it ships (default: the host name)."),
        responder: siteName
          .optional()
          .describe("This host's responder name: its demand reports are merged with the others' (default: the host name)."),
        queryTimeoutMs: z
          .number()
          .int()
          .min(100)
          .max(600_000)
          .default(30_000)
          .describe(
            "Longest a statement may run (the server's statement_timeout; this side gives up 2 s later when nothing comes back, as behind a network cut). A timeout is 'database unreachable': the last decisions keep being served, samples wait.",
          ),
        connectTimeoutMs: z
          .number()
          .int()
          .min(100)
          .max(600_000)
          .default(5_000)
          .describe("Longest a new connection to the shared database may take before it counts as unreachable."),
      })
      .strict(),
  ])
  .default({ kind: "sqlite" })
  .describe('Shared state: "sqlite" (one host, the file under dataDir) or "postgres" (several sites; needs a restart to change).');

export const rolesSchema = z
  .array(z.enum(ROLES))
  .min(1)
  .refine((r) => new Set(r).size === r.length, "each role once")
  .default([...ROLES])
  .describe(
    'What `dnsteer up` runs here: "responder" (serve), "prober" (worker: probes), "decider" (decisions; with store.kind postgres only the leader decides). Default: all.',
  );

export type StoreConfig = z.infer<typeof storeSchema>;
