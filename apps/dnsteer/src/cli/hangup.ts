/**
 * SIGHUP from the first moment: SIGHUP's default action ends the process, and a command takes
 * seconds to start (its TypeScript compiled by tsx, zones loaded), so main.ts imports this
 * before anything else. Until a command takes SIGHUP over with `onHangup`, a hangup is only
 * remembered; the command then gets one call for all that came early (they ask for the same
 * thing: read the files again). A command that never takes it over ignores SIGHUP.
 *
 * This module is loaded twice: bundled into dist/cli.mjs, and from source by the command that
 * calls onHangup. Both copies share one state, kept under a global symbol.
 */
interface HangupState {
  early: number;
  handler?: () => void;
}

const KEY = Symbol.for("dnsteer.hangup");
const holder = globalThis as { [KEY]?: HangupState };
const state: HangupState = holder[KEY] ?? install();

function install(): HangupState {
  const s: HangupState = { early: 0 };
  holder[KEY] = s;
  process.on("SIGHUP", () => {
    if (s.handler) s.handler();
    else s.early++;
  });
  return s;
}

/** Route SIGHUP to `fn` from now on; calls it once at once if any came before. */
export function onHangup(fn: () => void): void {
  state.handler = fn;
  if (state.early > 0) {
    state.early = 0;
    fn();
  }
}
