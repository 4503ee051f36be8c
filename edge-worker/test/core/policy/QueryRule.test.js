import { describe, expect, it } from "vitest";
import { QueryRule } from "../../../src/core/policy/QueryRule.js";

describe("QueryRule", () => {
  it("all keeps every parameter", () => {
    expect(QueryRule.ALL.keeps("page")).toBe(true);
    expect(QueryRule.ALL.keeps("utm_source")).toBe(true);
  });

  it("none keeps no parameter", () => {
    const none = new QueryRule(QueryRule.Mode.NONE, []);

    expect(none.keeps("page")).toBe(false);
  });

  it("include keeps only listed names exactly", () => {
    const include = new QueryRule(QueryRule.Mode.INCLUDE, ["page", "sort"]);

    expect(include.keeps("page")).toBe(true);
    expect(include.keeps("sort")).toBe(true);
    expect(include.keeps("pages")).toBe(false);
    expect(include.keeps("Page")).toBe(false);
    expect(include.keeps("utm_source")).toBe(false);
  });

  it("exclude keeps everything but listed names", () => {
    const exclude = new QueryRule(QueryRule.Mode.EXCLUDE, ["utm_*", "fbclid"]);

    expect(exclude.keeps("page")).toBe(true);
    expect(exclude.keeps("fbclid")).toBe(false);
    expect(exclude.keeps("utm_source")).toBe(false);
    expect(exclude.keeps("utm_")).toBe(false);
    expect(exclude.keeps("utm")).toBe(true);
  });

  it("trailing star is a prefix", () => {
    const include = new QueryRule(QueryRule.Mode.INCLUDE, ["filter[*"]);

    expect(include.keeps("filter[color]")).toBe(true);
    expect(include.keeps("filter")).toBe(false);
  });

  it("lone star lists every name", () => {
    expect(new QueryRule(QueryRule.Mode.INCLUDE, ["*"]).keeps("anything")).toBe(true);
    expect(new QueryRule(QueryRule.Mode.EXCLUDE, ["*"]).keeps("anything")).toBe(false);
  });

  it("names are copied so the rule is immutable", () => {
    const names = ["page"];
    const rule = new QueryRule(QueryRule.Mode.INCLUDE, names);
    names.push("sort");

    expect(rule.keeps("sort")).toBe(false);
  });

  it("valid names are parameter names optionally ending in star", () => {
    expect(QueryRule.isValidName("page")).toBe(true);
    expect(QueryRule.isValidName("utm_*")).toBe(true);
    expect(QueryRule.isValidName("filter[color]")).toBe(true);
    expect(QueryRule.isValidName("a.b-c")).toBe(true);
    expect(QueryRule.isValidName("*")).toBe(true);
    expect(QueryRule.isValidName("")).toBe(false);
    expect(QueryRule.isValidName("*utm")).toBe(false);
    expect(QueryRule.isValidName("a*b")).toBe(false);
    expect(QueryRule.isValidName("a=b")).toBe(false);
    expect(QueryRule.isValidName("a b")).toBe(false);
    expect(QueryRule.isValidName("a&b")).toBe(false);
  });
});
