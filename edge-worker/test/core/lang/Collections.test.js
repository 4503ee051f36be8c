import { describe, expect, it } from "vitest";
import { readOnlySet } from "../../../src/core/lang/Collections.js";

describe("readOnlySet (Set.of)", () => {
  it("holds its members in insertion order", () => {
    const set = readOnlySet([3, 1, 2]);

    expect([...set]).toEqual([3, 1, 2]);
    expect(set.has(1)).toBe(true);
    expect(set.has(4)).toBe(false);
    expect(set.size).toBe(3);
  });

  it("may be empty", () => {
    expect(readOnlySet([]).size).toBe(0);
  });

  it("keeps a repeated member once, where Set.of would refuse it", () => {
    expect([...readOnlySet(["a", "a", "b"])]).toEqual(["a", "b"]);
  });

  it("refuses every change, as Java's immutable set does, and is frozen", () => {
    const set = readOnlySet(["a"]);

    expect(() => set.add("b")).toThrow(TypeError);
    expect(() => set.delete("a")).toThrow(TypeError);
    expect(() => set.clear()).toThrow(TypeError);
    expect(Object.isFrozen(set)).toBe(true);
  });
});
