/**
 * A child of `dnsteer up` ends when its supervisor is gone. Without this, a supervisor killed
 * with SIGKILL (no chance to stop its children) leaves the responder and the API running,
 * holding their ports, and the next `dnsteer up` cannot start (EADDRINUSE). Linux has no
 * parent-death signal in Node, so the child checks once a second whether its parent is still
 * the supervisor that started it (an orphan is re-parented to init or a subreaper) and, if
 * not, stops itself the ordinary way: SIGTERM, which every command handles by closing cleanly.
 *
 * Loaded by main.ts for every command; does nothing unless `up` started this process
 * (SUPERVISOR_PID_ENV set, see child.ts).
 */
export const SUPERVISOR_PID_ENV = "DNSTEER_SUPERVISOR_PID";

const supervisor = Number(process.env[SUPERVISOR_PID_ENV]);
if (Number.isInteger(supervisor) && supervisor > 0) {
  const watch = setInterval(() => {
    if (process.ppid === supervisor) return;
    clearInterval(watch);
    process.stderr.write(`dnsteer: the supervisor (pid ${supervisor}) is gone; stopping\n`);
    process.kill(process.pid, "SIGTERM");
  }, 1000);
  watch.unref();
}
