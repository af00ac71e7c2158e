import type { z } from "zod";
import { defaultConfig, fixturesDir } from "./defaults.js";
import { configSchema } from "./schema.js";

/** The zod 4 definition fields the reference reads (internal but stable across 4.x). */
interface Def {
  type: string;
  shape?: Record<string, z.ZodType>;
  element?: z.ZodType;
  innerType?: z.ZodType;
  in?: z.ZodType;
  defaultValue?: unknown;
  entries?: Record<string, string>;
  valueType?: z.ZodType;
  options?: z.ZodType[];
  discriminator?: string;
  values?: unknown[];
}

interface Row {
  key: string;
  type: string;
  default: string;
  about: string;
}

/**
 * docs/config.md, generated from the schema itself (so it cannot drift: a test compares the
 * file with this). One row per key: its type with bounds, the embedded default's value (or
 * the schema's default), and its description.
 */
export function configReference(): string {
  const rows: Row[] = [];
  walk(configSchema as unknown as z.ZodType, "", defaultConfig(), rows, false);
  const lines = [
    "# Configuration reference",
    "",
    "Generated from the zod schema in packages/config/src/schema.ts by `pnpm config:doc`; a test fails when this file is stale.",
    "",
    "A config file is JSON. It is read over the embedded default: objects merge key by key at every depth, so a file gives only",
    "what it changes; arrays (`listen`, `zones`, `providers`, ...) replace the default's whole. Relative paths are relative to the",
    "config file's folder. Which file is read: `--config FILE`, else `$DNSTEER_CONFIG`, else `./dnsteer.json`, else the embedded",
    "default. Check a file with `dnsteer config check --config FILE`; an error names the key (`listen[1].address: ...`).",
    "",
    "`[]` marks an array's elements. *optional* keys have no default (absent = the feature is off or the value comes from elsewhere).",
    "",
    "| key | type | default | description |",
    "|---|---|---|---|",
    ...rows.map((r) => `| \`${r.key}\` | ${r.type} | ${r.default} | ${r.about} |`),
    "",
  ];
  return lines.join("\n");
}

function walk(schema: z.ZodType, key: string, fallback: unknown, rows: Row[], optional: boolean): void {
  const def = defOf(schema);
  const about = escapeCell(describe(schema));
  if (def.type === "optional" || def.type === "nullable" || def.type === "default") {
    const inner = def.innerType!;
    const dflt = def.type === "default" && fallback === undefined ? def.defaultValue : fallback;
    const wrapped = def.type === "nullable" ? `${typeOf(inner)} or null` : typeOf(inner);
    if (isObject(inner) || isArrayOfObjects(inner) || isObjectUnion(inner)) {
      rowFor(rows, key, wrapped, dflt, about, def.type === "optional" && dflt === undefined);
      walk(inner, key, dflt, rows, def.type === "optional");
      return;
    }
    rowFor(rows, key, wrapped, dflt, about || escapeCell(describe(inner)), def.type === "optional" && dflt === undefined);
    return;
  }
  if (def.type === "pipe") {
    walk(def.in!, key, fallback, rows, optional);
    return;
  }
  if (def.type === "object") {
    for (const [name, child] of Object.entries(def.shape!)) {
      const sub = key ? `${key}.${name}` : name;
      walk(child, sub, isRecord(fallback) ? fallback[name] : undefined, rows, false);
    }
    return;
  }
  if (isObjectUnion(schema)) {
    walkVariants(def, key, fallback, rows);
    return;
  }
  if (def.type === "array" && isObject(def.element!)) {
    if (key && !rows.some((r) => r.key === key)) rowFor(rows, key, "array of objects", fallback, about, optional);
    walk(def.element!, `${key}[]`, undefined, rows, false);
    return;
  }
  if (key) rowFor(rows, key, typeOf(schema), fallback, about, optional);
}

/**
 * A discriminated union of objects (`store`): every variant's keys, the discriminator's values
 * joined in one row, and a key only some variants have marked with the values it belongs to.
 */
function walkVariants(def: Def, key: string, fallback: unknown, rows: Row[]): void {
  const merged = new Map<string, Row & { variants: string[] }>();
  for (const option of def.options!) {
    const tag = def.discriminator ? literalOf(defOf(option).shape?.[def.discriminator]) : undefined;
    const part: Row[] = [];
    const chosen = isRecord(fallback) && def.discriminator && fallback[def.discriminator] === tag;
    walk(option, key, chosen ? fallback : undefined, part, false);
    for (const r of part) {
      const had = merged.get(r.key);
      if (!had) merged.set(r.key, { ...r, variants: tag === undefined ? [] : [tag] });
      else {
        if (had.type !== r.type) had.type = `${had.type} \\| ${r.type}`;
        if (tag !== undefined) had.variants.push(tag);
      }
    }
  }
  const all = def.options!.length;
  for (const { variants, ...r } of merged.values()) {
    const only = variants.length < all && def.discriminator ? ` (only with \`${key}.${def.discriminator}\` ${variants.join(", ")})` : "";
    if (!rows.some((x) => x.key === r.key)) rows.push({ ...r, about: `${r.about}${only}`.trim() });
  }
}

function literalOf(schema: z.ZodType | undefined): string | undefined {
  const values = schema && defOf(schema).type === "literal" ? defOf(schema).values : undefined;
  return values?.length === 1 ? String(values[0]) : undefined;
}

/** The default's absolute fixtures path would make the reference differ per checkout. */
function portable(json: string): string {
  return json.split(fixturesDir).join("<repo>/fixtures/");
}

function rowFor(rows: Row[], key: string, type: string, value: unknown, about: string, optional: boolean): void {
  if (rows.some((r) => r.key === key)) return;
  const shown = value === undefined ? (optional ? "*optional*" : "*required*") : `\`${escapeCell(portable(JSON.stringify(value)))}\``;
  rows.push({ key, type, default: shown, about });
}

function typeOf(schema: z.ZodType): string {
  const def = defOf(schema);
  const s = schema as unknown as {
    minValue?: number | null;
    maxValue?: number | null;
    minLength?: number | null;
    maxLength?: number | null;
    isInt?: boolean;
  };
  switch (def.type) {
    case "number":
      return `${s.isInt ? "integer" : "number"}${bounds(s.minValue, s.maxValue)}`;
    case "string":
      return `string${bounds(s.minLength, s.maxLength, " chars")}`;
    case "boolean":
      return "boolean";
    case "enum":
      return Object.values(def.entries!)
        .map((v) => `\`${v}\``)
        .join(" \\| ");
    case "array":
      return `array of ${typeOf(def.element!)}`;
    case "record":
      return "object (passed on)";
    case "object":
      return "object";
    case "union":
      return isObjectUnion(schema) ? "object" : "union";
    case "optional":
    case "nullable":
    case "default":
      return typeOf(def.innerType!);
    case "pipe":
      return typeOf(def.in!);
    case "literal":
      return (def.values ?? []).map((v) => `\`${String(v)}\``).join(" \\| ");
    default:
      return def.type;
  }
}

function bounds(min: number | null | undefined, max: number | null | undefined, unit = ""): string {
  const lo = min !== null && min !== undefined && Number.isFinite(min) && min > Number.MIN_SAFE_INTEGER ? min : undefined;
  const hi = max !== null && max !== undefined && Number.isFinite(max) && max < Number.MAX_SAFE_INTEGER ? max : undefined;
  if (lo === undefined && hi === undefined) return "";
  if (hi === undefined) return ` ≥ ${lo}${unit}`;
  if (lo === undefined) return ` ≤ ${hi}${unit}`;
  return ` ${lo}–${hi}${unit}`;
}

function defOf(schema: z.ZodType): Def {
  return (schema as unknown as { _zod: { def: Def } })._zod.def;
}

function describe(schema: z.ZodType): string {
  return (schema as unknown as { description?: string }).description ?? "";
}

function isObject(schema: z.ZodType): boolean {
  const def = defOf(schema);
  if (def.type === "optional" || def.type === "nullable" || def.type === "default") return isObject(def.innerType!);
  return def.type === "object";
}

function isObjectUnion(schema: z.ZodType): boolean {
  const def = defOf(schema);
  return def.type === "union" && (def.options ?? []).every(isObject);
}

function isArrayOfObjects(schema: z.ZodType): boolean {
  const def = defOf(schema);
  return def.type === "array" && isObject(def.element!);
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, "\\|").replace(/\n/g, " ");
}
