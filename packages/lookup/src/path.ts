import { type Name, nameLabels, ROOT } from "@dnsteer/wire";

/**
 * Names from `origin` down to `name`, both included, top first: the path the RFC 1034 4.3.2
 * descent walks one label at a time. `name` must be at or below `origin`.
 */
export function pathFromOrigin(name: Name, origin: Name): Name[] {
  const labels = nameLabels(name);
  const depth = nameLabels(origin).length;
  const path: Name[] = [];
  for (let keep = depth; keep <= labels.length; keep++) {
    const suffix = labels.slice(labels.length - keep);
    path.push(suffix.length === 0 ? ROOT : suffix.join(".") + ".");
  }
  return path;
}
