import { describe, expect, it } from "vitest";
import { AnswerTemplateCache } from "./answer-template-cache.js";

const A = 1;
const AAAA = 28;
const bytes = (n: number) => Buffer.from([n]);

describe("AnswerTemplateCache", () => {
  it("keys by type and name", () => {
    const cache = new AnswerTemplateCache(10);
    cache.set(A, "www", bytes(1));
    cache.set(AAAA, "www", bytes(2));
    expect([cache.get(A, "www"), cache.get(AAAA, "www"), cache.get(A, "mail")]).toEqual([bytes(1), bytes(2), undefined]);
    expect(cache.size).toBe(2);
  });

  it("counts a replaced template once", () => {
    const cache = new AnswerTemplateCache(10);
    cache.set(A, "www", bytes(1));
    cache.set(A, "www", bytes(3));
    expect(cache.get(A, "www")).toEqual(bytes(3));
    expect(cache.size).toBe(1);
  });

  it("starts over when full: the entry that does not fit is the only one left", () => {
    const cache = new AnswerTemplateCache(2);
    cache.set(A, "a", bytes(1));
    cache.set(A, "b", bytes(2));
    cache.set(AAAA, "c", bytes(3));
    expect([cache.get(A, "a"), cache.get(A, "b"), cache.get(AAAA, "c")]).toEqual([undefined, undefined, bytes(3)]);
    expect(cache.size).toBe(1);
  });

  it("keeps nothing with 0 entries (the cache plugin then passes every query on)", () => {
    const cache = new AnswerTemplateCache(0);
    cache.set(A, "www", bytes(1));
    expect([cache.enabled, cache.get(A, "www"), cache.size]).toEqual([false, undefined, 0]);
  });
});
