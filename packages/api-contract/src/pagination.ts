import { z } from "zod";
import { queryInt } from "./primitives.js";

export const MAX_PAGE = 1000;
export const DEFAULT_PAGE = 100;

/** `?limit=&offset=`: pages of at most 1000 items; `nextOffset` in the answer fetches the next one. */
export const pageQuery = z.object({
  limit: queryInt(1, MAX_PAGE).default(DEFAULT_PAGE),
  offset: queryInt(0, 100_000_000).default(0),
});
export type PageQuery = z.infer<typeof pageQuery>;

/** One page of `item`: `total` counts every match, `nextOffset` is null on the last page. */
export function page<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    total: z.number().int().min(0),
    offset: z.number().int().min(0),
    limit: z.number().int().min(1),
    nextOffset: z.number().int().min(0).nullable(),
  });
}

export interface Page<T> {
  items: T[];
  total: number;
  offset: number;
  limit: number;
  nextOffset: number | null;
}

/** A page out of the `total` matches, given the items of the requested window. */
export function toPage<T>(items: T[], total: number, q: PageQuery): Page<T> {
  const next = q.offset + items.length;
  return { items, total, offset: q.offset, limit: q.limit, nextOffset: next < total ? next : null };
}
