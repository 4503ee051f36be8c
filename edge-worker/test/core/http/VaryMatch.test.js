import { describe, expect, it } from "vitest";
import { Headers } from "../../../src/core/http/Headers.js";
import { VaryMatch } from "../../../src/core/http/VaryMatch.js";

const key = (varyFields, ...requestHeaders) => VaryMatch.secondaryKey(varyFields, Headers.of(...requestHeaders));

describe("VaryMatch", () => {
  it("fields are lower cased deduplicated and collected from every line", () => {
    const response = Headers.of("Vary", "Accept-Encoding, Foo", "Vary", " foo ,, Accept-Language");

    expect(VaryMatch.fields(response)).toEqual(["accept-encoding", "foo", "accept-language"]);
  });

  it("no vary means no fields", () => {
    expect(VaryMatch.fields(Headers.EMPTY)).toEqual([]);
    expect(key([], "Foo", "1")).toBe("");
  });

  it("same values give the same key", () => {
    const vary = ["foo", "bar"];

    expect(key(vary, "Foo", "1", "Bar", "abc")).toBe(key(vary, "bar", "abc", "FOO", "1"));
  });

  it("different value gives a different key", () => {
    const vary = ["foo", "bar", "baz"];

    expect(key(vary, "Foo", "1", "Bar", "abc", "Baz", "789")).not.toBe(
      key(vary, "Foo", "2", "Bar", "abc", "Baz", "789"),
    );
    expect(key(vary, "Foo", "1", "Bar", "abc4", "Baz", "789")).not.toBe(
      key(vary, "Foo", "1", "Bar", "abc", "Baz", "789"),
    );
  });

  it("absent field matches only another absence", () => {
    // RFC 9111 §4.1: a field absent from both requests matches; absent and present do not.
    const vary = ["foo", "bar"];

    expect(key(vary, "Foo", "1")).toBe(key(vary, "Foo", "1"));
    expect(key(vary, "Foo", "1")).not.toBe(key(vary, "Foo", "1", "Bar", "abc"));
    expect(key(vary, "Foo", "1")).not.toBe(key(vary, "Foo", "1", "Bar", ""));
  });

  it("fields not listed in vary do not affect the key", () => {
    const vary = ["foo"];

    expect(key(vary, "Foo", "1", "Other", "2")).toBe(key(vary, "Foo", "1", "Other", "3"));
  });

  it("whitespace is normalised", () => {
    // RFC 9111 §4.1: values match after whitespace normalisation and combining field lines.
    const vary = ["foo"];

    expect(key(vary, "Foo", "1,2")).toBe(key(vary, "Foo", " 1, 2 "));
    expect(key(vary, "Foo", "text/html ; q=0.5")).toBe(key(vary, "Foo", "text/html;q=0.5"));
  });

  it("field lines are combined", () => {
    const vary = ["foo"];

    expect(key(vary, "Foo", "1, 2")).toBe(key(vary, "Foo", "1", "Foo", "2"));
  });

  it("accept encoding ignores order and case", () => {
    const vary = ["accept-encoding"];

    expect(key(vary, "Accept-Encoding", "gzip, br")).toBe(key(vary, "Accept-Encoding", "BR,GZIP"));
  });

  it("accept encoding spellings of one class share a key", () => {
    const vary = ["accept-encoding"];

    expect(key(vary, "Accept-Encoding", "gzip, deflate")).toBe(key(vary, "Accept-Encoding", "x-gzip;q=0.5"));
    expect(key(vary, "Accept-Encoding", "gzip")).not.toBe(key(vary, "Accept-Encoding", "br"));
    expect(key(vary)).toBe(key(vary, "Accept-Encoding", "identity"));
  });

  it("other fields keep their order", () => {
    const vary = ["accept-language"];

    expect(key(vary, "Accept-Language", "en, de")).not.toBe(key(vary, "Accept-Language", "de, en"));
  });

  it("vary star never matches", () => {
    expect(key(["foo", "*"], "Foo", "1")).toBeUndefined();
    expect(key(["*"], "*", "1")).toBeUndefined();
  });

  it("fields of recovers the vary field names", () => {
    const secondaryKey = key(["accept-encoding", "foo"], "Accept-Encoding", "gzip");

    expect(VaryMatch.fieldsOf(secondaryKey)).toEqual(["accept-encoding", "foo"]);
    expect(VaryMatch.fieldsOf("")).toEqual([]);
  });
});

/** Not ported from VaryMatchTest: the Java's ASCII-only `\s`, and its substring on a malformed key. */
describe("VaryMatch in detail", () => {
  it("normalises only ascii whitespace around parameters", () => {
    expect(VaryMatch.normalise("foo", "a\t;\nb")).toBe("a;b");
    expect(VaryMatch.normalise("foo", "a\u00a0;\u00a0b")).toBe("a\u00a0;\u00a0b");
  });

  it("accept encoding becomes its class of codings", () => {
    expect(VaryMatch.normalise("accept-encoding", "gzip, deflate, br")).toBe("br");
    expect(VaryMatch.normalise("accept-encoding", "deflate")).toBe("identity");
    expect(VaryMatch.normalise("accept-encoding", undefined)).toBe("identity");
  });

  it("an absent field normalises to the absence marker", () => {
    expect(VaryMatch.normalise("foo", undefined)).toBe(VaryMatch.ABSENT);
  });

  it("fields of a line without a name fails as substring does", () => {
    expect(() => VaryMatch.fieldsOf("a=1\nb\n")).toThrow("begin 0, end -1, length 1");
  });
});
