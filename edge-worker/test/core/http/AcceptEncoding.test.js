import { describe, expect, it } from "vitest";
import { AcceptEncoding } from "../../../src/core/http/AcceptEncoding.js";

// The same cases as the gateway's AcceptEncodingTest.
const classes = [
  ["gzip, deflate, br", "br"],
  ["br", "br"],
  ["BR", "br"],
  ["gzip", "gzip"],
  ["GZip", "gzip"],
  ["x-gzip", "gzip"],
  ["deflate", "identity"],
  ["identity", "identity"],
  ["", "identity"],
  ["*", "br"],
  ["*;q=0", "identity"],
  ["*, br;q=0", "gzip"],
  ["*;q=0.5, gzip", "gzip"],
  ["gzip;q=1.0, br;q=0.8", "gzip"],
  ["br;q=0.8, gzip;q=0.8", "br"],
  ["br;q=0, gzip", "gzip"],
  ["br;q=0.000, gzip;q=0", "identity"],
  ["gzip;q=0.001", "gzip"],
  ["gzip ; q=0.5 , br ; q=0.4", "gzip"],
  ["gzip;Q=0.5, br;q=0.4", "gzip"],
  ["br;q=0.5;level=9, gzip;q=0.4", "br"],
  ["gzip;level=1", "gzip"],
  ["br, br;q=0", "br"],
  ["br;q=0, br", "identity"],
  ["br;q=2, gzip;q=0.1", "gzip"],
  ["br;q=1.5, gzip;q=0.1", "gzip"],
  ["br;q=0.5000, gzip;q=0.1", "gzip"],
  ["br;q=, gzip", "gzip"],
  ["br;q=abc", "identity"],
  ["br;q=1.000, gzip", "br"],
  ["br;q=-1, gzip", "gzip"],
  ["br;q = 0, gzip;q=0.1", "br"],
  ["gzip\tbr", "identity"],
  ['"gzip", br', "br"],
  [",,, gzip ,,", "gzip"],
  ["compress, zstd", "identity"],
  ["zstd, *;q=0.1", "br"],
  ["identity;q=0, gzip", "gzip"],
];

const acceptance = [
  ["gzip", "gzip", true],
  ["gzip", "GZIP", true],
  ["x-gzip", "gzip", true],
  ["gzip", "x-gzip", true],
  ["br", "gzip", false],
  ["gzip, br", "br", true],
  ["gzip, br;q=0", "br", false],
  ["*", "zstd", true],
  ["*;q=0", "gzip", false],
  ["gzip", "gzip, br", false],
  ["gzip, br", "gzip, br", true],
  ["gzip", "identity", true],
  [undefined, "gzip", false],
  [undefined, undefined, true],
  ["identity;q=0", undefined, true],
  ["gzip, deflate", "deflate", true],
  ["gzip", "deflate", false],
];

describe("AcceptEncoding", () => {
  it.each(classes)("[%s] normalises to %s", (value, expected) => {
    expect(AcceptEncoding.normalise(value)).toBe(expected);
  });

  it("an absent field is identity", () => {
    expect(AcceptEncoding.normalise(undefined)).toBe("identity");
  });

  it("qvalues are read in thousandths", () => {
    expect([...AcceptEncoding.weights("a;q=0.5, b;q=0.25, c;q=0.125, d;q=1, e;q=0., f;q=1., g;q=0")]).toEqual([
      ["a", 500],
      ["b", 250],
      ["c", 125],
      ["d", 1000],
      ["e", 0],
      ["f", 1000],
      ["g", 0],
    ]);
  });

  it("a member that is not a token is ignored", () => {
    expect([...AcceptEncoding.weights('g zip, br/x, "gzip", ok').keys()]).toEqual(["ok"]);
  });

  it("identity is acceptable unless excluded", () => {
    const weight = (value) => AcceptEncoding.weight(AcceptEncoding.weights(value), "identity");
    expect(weight("gzip")).toBe(1000);
    expect(weight("identity;q=0")).toBe(0);
    expect(weight("*;q=0")).toBe(0);
    expect(weight("*;q=0, identity;q=0.5")).toBe(500);
  });

  it.each(acceptance)("[%s] takes [%s]: %s", (acceptEncoding, contentEncoding, expected) => {
    expect(AcceptEncoding.accepts(acceptEncoding, contentEncoding)).toBe(expected);
  });

  it("a hundred spellings fall into at most three classes", () => {
    const codings = ["gzip", "br", "deflate", "identity", "zstd", "x-gzip", "*", "compress"];
    const weights = ["", ";q=0", ";q=0.5", ";q=1", ";q=0.9"];
    const found = new Set();
    const spellings = new Set();
    for (let i = 0; spellings.size < 100; i++) {
      const spelling =
        codings[i % codings.length] +
        weights[i % weights.length] +
        ", " +
        codings[Math.trunc(i / 3) % codings.length] +
        weights[Math.trunc(i / 5) % weights.length];
      if (!spellings.has(spelling)) {
        spellings.add(spelling);
        found.add(AcceptEncoding.normalise(spelling));
      }
    }
    expect([...found].every((value) => ["br", "gzip", "identity"].includes(value))).toBe(true);
  });
});
