import { execFileSync } from "node:child_process";
import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadZoneFile, ZoneError, type ZoneLimits } from "@dnsteer/zone";

/**
 * A temporary folder the zone target loads its inputs from through the real file loader
 * (`loadZoneFile`), with what `$INCLUDE` can meet on a real system next to them:
 *
 *     <root>/zones/        the zone corpus's files (included.inc, big.inc, loop.inc, dir.inc/, ...),
 *                          fifo.inc (a FIFO), socket.inc (a Unix socket), link-out.inc (a
 *                          symbolic link to ../outside.inc),
 *                          and fuzz-input.zone, each input in turn
 *     <root>/outside.inc   outside every allowed folder
 *     <root>/extra/        an allowed folder besides the zone's own (shared.inc)
 *
 * The allowed folders also name one that does not exist (it allows nothing) and the sysfs
 * folder of the loopback interface, whose attributes are regular files that stat says hold
 * 4096 octets: `mtu` reads shorter than that, `speed` fails to read (EINVAL).
 */
export interface ZoneStage {
  root: string;
  zones: string;
  /** Where each input is written before loadZoneFile reads it. */
  input: string;
  includeDirs: string[];
}

/** The fuzz run's limits: small, so the corpus's big.inc and filler.inc reach them. */
export const FUZZ_LIMITS: ZoneLimits = { maxFileBytes: 4096, maxTotalBytes: 16 << 10, maxIncludeDepth: 2 };

export const SYSFS_LO = "/sys/class/net/lo";
const BIND_SOCKET = "require('node:net').createServer().listen(process.argv[1], () => process.exit(0))";

export function makeZoneStage(corpusZoneDir: string): ZoneStage {
  const root = mkdtempSync(join(tmpdir(), "dnsteer-fuzz-zones-"));
  process.once("exit", () => rmSync(root, { recursive: true, force: true })); // for a run cut short
  const zones = join(root, "zones");
  cpSync(corpusZoneDir, zones, { recursive: true });
  execFileSync("mkfifo", [join(zones, "fifo.inc")]);
  // A Unix socket file outlives the process that bound it (open then fails with ENXIO).
  execFileSync(process.execPath, ["-e", BIND_SOCKET, join(zones, "socket.inc")]);
  writeFileSync(join(root, "outside.inc"), "outside A 192.0.2.66\n");
  symlinkSync("../outside.inc", join(zones, "link-out.inc"));
  mkdirSync(join(root, "extra"));
  writeFileSync(join(root, "extra", "shared.inc"), "shared A 192.0.2.77\n");
  return {
    root,
    zones,
    input: join(zones, "fuzz-input.zone"),
    includeDirs: [join(root, "extra"), join(root, "not-there"), SYSFS_LO],
  };
}

export function removeZoneStage(stage: ZoneStage): void {
  rmSync(stage.root, { recursive: true, force: true });
}

/**
 * The zone file itself given as what it must not be: missing, a FIFO, a folder. Each must be
 * refused at file:0 with code IO and the reason, not read. Returns what went wrong, if anything.
 */
export function zoneFileCases(stage: ZoneStage): string[] {
  const cases: Array<[string, RegExp]> = [
    [join(stage.root, "missing.zone"), /: cannot read zone file: ENOENT$/],
    [join(stage.zones, "fifo.inc"), /: zone file is a FIFO, not a regular file$/],
    [join(stage.zones, "dir.inc"), /: zone file is a directory, not a regular file$/],
  ];
  const failures: string[] = [];
  for (const [path, expected] of cases) {
    try {
      loadZoneFile(path, { origin: "stage.test.", limits: FUZZ_LIMITS });
      failures.push(`loadZoneFile(${path}) read it`);
    } catch (e) {
      const ok = e instanceof ZoneError && e.code === "IO" && e.line === 0 && expected.test(e.message);
      if (!ok) failures.push(`loadZoneFile(${path}): ${(e as Error).message}`);
    }
  }
  return failures;
}
