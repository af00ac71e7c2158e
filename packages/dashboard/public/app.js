import { ApiFailure, scopeOfKey, session } from "./api.js";
import { activityView } from "./views/activity.js";
import { explainView } from "./views/explain.js";
import { matrixView } from "./views/matrix.js";
import { providersView } from "./views/providers.js";
import { zonesView } from "./views/zones.js";

const VIEWS = { matrix: matrixView, activity: activityView, providers: providersView, explain: explainView, zones: zonesView };
const POLL_MS = 5000;

const root = document.getElementById("view");
const status = document.getElementById("status");
const ctx = { scope: "read", confirm, report };
let current = null;
let timer = null;

/** Asks for the key until one authenticates; the dialog cannot be dismissed without one. */
async function signIn() {
  const dialog = document.getElementById("login");
  const input = document.getElementById("login-key");
  const error = document.getElementById("login-error");
  dialog.addEventListener("cancel", (e) => e.preventDefault());
  for (;;) {
    if (session.key()) {
      try {
        ctx.scope = await scopeOfKey();
        break;
      } catch (e) {
        session.clear();
        error.textContent = e instanceof ApiFailure && e.status === 401 ? "That key was refused." : `Cannot check the key: ${e.message}`;
      }
    }
    input.value = "";
    dialog.showModal();
    await new Promise((resolve) => dialog.addEventListener("close", resolve, { once: true }));
    const token = input.value.trim();
    input.value = "";
    if (token) session.set(token);
  }
  const badge = document.getElementById("scope");
  badge.textContent = ctx.scope === "admin" ? "admin key" : "read-only key";
  document.body.dataset.scope = ctx.scope;
}

/** A modal yes/no; resolves true only on the explicit confirm button. */
function confirm(title, text, action) {
  const dialog = document.getElementById("confirm");
  document.getElementById("confirm-title").textContent = title;
  document.getElementById("confirm-text").textContent = text;
  document.getElementById("confirm-ok").textContent = action;
  dialog.returnValue = "";
  dialog.showModal();
  return new Promise((resolve) => dialog.addEventListener("close", () => resolve(dialog.returnValue === "ok"), { once: true }));
}

function report(text, isError = false) {
  status.textContent = text;
  status.classList.toggle("error", isError);
}

/** A selector that finds the focused control again after a refresh rebuilt its table (keyboard users keep their place). */
function focusSelector() {
  const el = document.activeElement;
  if (!el || el === root || !root.contains(el)) return null;
  for (const attr of ["id", "aria-label", "title"]) {
    const value = el.getAttribute(attr);
    if (value) return `${el.tagName.toLowerCase()}[${attr}="${CSS.escape(value)}"]`;
  }
  return null;
}

async function refresh() {
  if (!current) return;
  const started = performance.now();
  const focused = focusSelector();
  try {
    await current.refresh();
    if (focused && !root.contains(document.activeElement)) root.querySelector(focused)?.focus();
    report(`updated ${new Date().toLocaleTimeString()}`);
    document.body.dataset.loadedMs = String(Math.round(performance.now() - started));
  } catch (e) {
    if (e instanceof ApiFailure && e.status === 401) {
      session.clear();
      location.reload();
      return;
    }
    report(`refresh failed: ${e.message}`, true);
  }
}

async function show(asked) {
  const name = VIEWS[asked] ? asked : "matrix";
  const view = VIEWS[name];
  for (const a of document.querySelectorAll("nav a")) {
    if (a.dataset.view === name) a.setAttribute("aria-current", "page");
    else a.removeAttribute("aria-current");
  }
  clearInterval(timer);
  root.replaceChildren();
  document.body.dataset.ready = "";
  current = view.mount(root, ctx);
  document.title = `${view.title} · dnsteer`;
  await refresh();
  document.body.dataset.ready = name;
  timer = setInterval(() => {
    if (!document.hidden && !document.querySelector("dialog[open]")) refresh();
  }, POLL_MS);
}

document.getElementById("signout").addEventListener("click", () => {
  session.clear();
  location.reload();
});

await signIn();
window.addEventListener("hashchange", () => show(location.hash.slice(1)));
await show(location.hash.slice(1));
