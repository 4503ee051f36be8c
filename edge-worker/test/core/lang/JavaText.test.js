import { describe, expect, it } from "vitest";
import {
  JAVA_LONG_MAX,
  JAVA_LONG_MIN,
  javaDigit,
  javaDoubleToString,
  javaEqualsIgnoreCaseAscii,
  javaIsBlank,
  javaIsSpaceChar,
  javaIsWhitespace,
  javaParseInt,
  javaParseLong,
  javaTrim,
  javaUtf8Bytes,
} from "../../../src/core/lang/JavaText.js";

// Every expected value here is what JDK 17 (17.0.15) answers for the same input; the counts over all 65,536
// chars were taken from it as well, so a runtime whose Unicode tables disagree with Java 17's shows up here.

const BMP = 0x10000;

function countBmp(predicate) {
  let count = 0;
  for (let c = 0; c < BMP; c++) {
    if (predicate(c)) {
      count++;
    }
  }
  return count;
}

describe("javaTrim (String.trim)", () => {
  it("strips code units up to U+0020 at both ends, controls included", () => {
    expect(javaTrim(" a b ")).toBe("a b");
    expect(javaTrim("\u0000a\u001f")).toBe("a");
    expect(javaTrim("\t\r\n x \f\u000b")).toBe("x");
  });

  it("gives empty text for empty and all-whitespace text", () => {
    expect(javaTrim("")).toBe("");
    expect(javaTrim(" ")).toBe("");
    expect(javaTrim("\u0000\t\n \u001f")).toBe("");
  });

  it("keeps everything above U+0020, where String.prototype.trim strips some", () => {
    for (const edge of ["\u0085", "\u00a0", "\u2028", "\u3000", "\ufeff", "\u007f"]) {
      expect(javaTrim(edge + "a" + edge), JSON.stringify(edge)).toBe(edge + "a" + edge);
    }
    expect("\u00a0a\u2028".trim()).toBe("a");
  });

  it("keeps what is inside", () => {
    expect(javaTrim(" a \u0000 b ")).toBe("a \u0000 b");
  });
});

describe("javaIsWhitespace (Character.isWhitespace)", () => {
  it("holds for the controls and separators JDK 17 names", () => {
    for (const c of [
      0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x1680, 0x2000, 0x2006, 0x2008, 0x200a, 0x2028,
      0x2029, 0x205f, 0x3000,
    ]) {
      expect(javaIsWhitespace(c), c.toString(16)).toBe(true);
    }
  });

  it("does not hold for NEL, the no-break spaces, the Mongolian vowel separator or other controls", () => {
    for (const c of [0x00, 0x08, 0x0e, 0x1b, 0x7f, 0x85, 0xa0, 0x2007, 0x202f, 0x180e, 0x200b, 0xfeff, 0x41]) {
      expect(javaIsWhitespace(c), c.toString(16)).toBe(false);
    }
  });

  it("holds for as many BMP chars as on JDK 17", () => {
    expect(countBmp(javaIsWhitespace)).toBe(25);
  });
});

describe("javaIsBlank (String.isBlank)", () => {
  it("is true for empty text and for Character.isWhitespace only", () => {
    expect(javaIsBlank("")).toBe(true);
    expect(javaIsBlank(" ")).toBe(true);
    expect(javaIsBlank(" \t\n\u000b\f\r\u001c\u2003\u3000\u2028")).toBe(true);
  });

  it("is false for U+0085, U+00A0, U+2007, U+180E, U+FEFF and controls trim strips", () => {
    for (const text of ["\u0085", "\u00a0", "\u2007", "\u180e", "\ufeff", "\u0001", " \u0000 "]) {
      expect(javaIsBlank(text), JSON.stringify(text)).toBe(false);
    }
  });

  it("is false when anything else is there", () => {
    expect(javaIsBlank(" a ")).toBe(false);
  });
});

describe("javaIsSpaceChar (Character.isSpaceChar)", () => {
  it("holds for the space, line and paragraph separators, no-break ones included", () => {
    for (const c of [0x20, 0xa0, 0x1680, 0x2000, 0x2007, 0x200a, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000]) {
      expect(javaIsSpaceChar(c), c.toString(16)).toBe(true);
    }
  });

  it("does not hold for tab, line feed, NEL, U+180E, U+200B or U+FEFF", () => {
    for (const c of [0x09, 0x0a, 0x0d, 0x85, 0x180e, 0x200b, 0xfeff, 0x41]) {
      expect(javaIsSpaceChar(c), c.toString(16)).toBe(false);
    }
  });

  it("holds for as many BMP chars as on JDK 17", () => {
    expect(countBmp(javaIsSpaceChar)).toBe(19);
  });
});

describe("javaEqualsIgnoreCaseAscii (String.equalsIgnoreCase with ASCII on the left)", () => {
  it("folds ASCII case and nothing but letters", () => {
    expect(javaEqualsIgnoreCaseAscii("", "")).toBe(true);
    expect(javaEqualsIgnoreCaseAscii("Example.COM:8080", "example.com:8080")).toBe(true);
    expect(javaEqualsIgnoreCaseAscii("a", "")).toBe(false);
    expect(javaEqualsIgnoreCaseAscii("[", "{")).toBe(false);
    expect(javaEqualsIgnoreCaseAscii("@", "`")).toBe(false);
    expect(javaEqualsIgnoreCaseAscii("a", "\u00e5")).toBe(false);
  });

  it("takes the four non-ASCII chars Java folds to an ASCII letter", () => {
    expect(javaEqualsIgnoreCaseAscii("s", "\u017f")).toBe(true);
    expect(javaEqualsIgnoreCaseAscii("S", "\u017f")).toBe(true);
    expect(javaEqualsIgnoreCaseAscii("i", "\u0131")).toBe(true);
    expect(javaEqualsIgnoreCaseAscii("I", "\u0130")).toBe(true);
    expect(javaEqualsIgnoreCaseAscii("k", "\u212a")).toBe(true);
    expect(javaEqualsIgnoreCaseAscii("K", "\u212a")).toBe(true);
  });

  it("compares char by char, so ß is not ss", () => {
    expect(javaEqualsIgnoreCaseAscii("ss", "\u00df")).toBe(false);
    expect(javaEqualsIgnoreCaseAscii("s", "\u00df")).toBe(false);
  });

  it("matches as many one-char pairs as JDK 17 does", () => {
    let pairs = 0;
    for (let a = 0; a < 0x80; a++) {
      const ascii = String.fromCharCode(a);
      for (let c = 0; c < BMP; c++) {
        if (javaEqualsIgnoreCaseAscii(ascii, String.fromCharCode(c))) {
          pairs++;
        }
      }
    }
    // 128 identities, 52 ASCII case pairs, and i/I with ı and İ, s/S with ſ, k/K with the Kelvin sign.
    expect(pairs).toBe(188);
  });
});

describe("javaDigit (Character.digit)", () => {
  it("reads ASCII digits and letters up to the radix", () => {
    expect(javaDigit(0x37, 10)).toBe(7);
    expect(javaDigit(0x32, 2)).toBe(-1);
    expect(javaDigit(0x61, 16)).toBe(10);
    expect(javaDigit(0x46, 16)).toBe(15);
    expect(javaDigit(0x67, 16)).toBe(-1);
    expect(javaDigit(0x7a, 36)).toBe(35);
    expect(javaDigit(0x2d, 10)).toBe(-1);
  });

  it("reads fullwidth Latin letters as letters", () => {
    expect(javaDigit(0xff41, 16)).toBe(10);
    expect(javaDigit(0xff26, 16)).toBe(15);
    expect(javaDigit(0xff5a, 36)).toBe(35);
    expect(javaDigit(0xff5a, 16)).toBe(-1);
  });

  it("reads every script's decimal digits, and no other numeric char", () => {
    expect(javaDigit(0x0663, 10)).toBe(3);
    expect(javaDigit(0x0663, 3)).toBe(-1);
    expect(javaDigit(0x096f, 10)).toBe(9);
    expect(javaDigit(0xff13, 10)).toBe(3);
    expect(javaDigit(0x07c0, 10)).toBe(0);
    expect(javaDigit(0x00b2, 10)).toBe(-1);
    expect(javaDigit(0x2460, 10)).toBe(-1);
    expect(javaDigit(0x216b, 36)).toBe(-1);
  });

  it("reads no surrogate, and nothing in a radix outside 2 to 36", () => {
    expect(javaDigit(0xd835, 10)).toBe(-1);
    expect(javaDigit(0xdfce, 10)).toBe(-1);
    expect(javaDigit(0x37, 1)).toBe(-1);
    expect(javaDigit(0x37, 37)).toBe(-1);
  });

  it("finds as many digits, of the same values, as JDK 17 does", () => {
    let count = 0;
    let sum = 0;
    for (let c = 0; c < BMP; c++) {
      const digit = javaDigit(c, 10);
      if (digit >= 0) {
        count++;
        sum += digit;
      }
    }
    expect([count, sum]).toEqual([370, 1665]);
    expect(countBmp((c) => javaDigit(c, 36) >= 0)).toBe(474);
  });
});

describe("javaParseInt (Integer.parseInt)", () => {
  it("reads an optional sign and decimal digits", () => {
    expect(javaParseInt("1")).toBe(1);
    expect(javaParseInt("+1")).toBe(1);
    expect(javaParseInt("-1")).toBe(-1);
    expect(javaParseInt("00042")).toBe(42);
    expect(javaParseInt("0".repeat(40) + "1")).toBe(1);
  });

  it("gives 0, never -0, for zero", () => {
    expect(Object.is(javaParseInt("0"), 0)).toBe(true);
    expect(Object.is(javaParseInt("-0"), 0)).toBe(true);
    expect(Object.is(javaParseInt("+0"), 0)).toBe(true);
  });

  it("reads the int range and refuses past it", () => {
    expect(javaParseInt("2147483647")).toBe(2_147_483_647);
    expect(javaParseInt("-2147483648")).toBe(-2_147_483_648);
    expect(javaParseInt("2147483648")).toBeUndefined();
    expect(javaParseInt("-2147483649")).toBeUndefined();
    expect(javaParseInt("99999999999999999999999")).toBeUndefined();
  });

  it("refuses what Number.parseInt would read", () => {
    for (const text of [
      "",
      "+",
      "-",
      " 1",
      "1 ",
      "\u00a01",
      "12abc",
      "1.0",
      "1e3",
      "0x10",
      "1_000",
      "--1",
      "+-1",
      "1,2",
    ]) {
      expect(javaParseInt(text), JSON.stringify(text)).toBeUndefined();
    }
  });

  it("reads any script's decimal digits, one char at a time", () => {
    expect(javaParseInt("\u0664\u0662")).toBe(42);
    expect(javaParseInt("-\u0664\u0662")).toBe(-42);
    expect(javaParseInt("\uff11\uff12")).toBe(12);
    // U+1D7CE MATHEMATICAL BOLD DIGIT ZERO is a digit, but Java reads its two surrogates, which are not.
    expect(javaParseInt("\ud835\udfce")).toBeUndefined();
  });

  it("reads other radixes", () => {
    expect(javaParseInt("ff", 16)).toBe(255);
    expect(javaParseInt("-FF", 16)).toBe(-255);
    expect(javaParseInt("\uff46\uff46", 16)).toBe(255);
    expect(javaParseInt("+1", 16)).toBe(1);
    expect(javaParseInt("7fffffff", 16)).toBe(2_147_483_647);
    expect(javaParseInt("80000000", 16)).toBeUndefined();
    expect(javaParseInt("-80000000", 16)).toBe(-2_147_483_648);
    expect(javaParseInt("zz", 36)).toBe(1295);
    expect(javaParseInt("-101", 2)).toBe(-5);
    expect(javaParseInt("2", 2)).toBeUndefined();
  });

  it("refuses a radix outside 2 to 36 as a caller's mistake", () => {
    expect(() => javaParseInt("1", 1)).toThrow(RangeError);
    expect(() => javaParseInt("1", 37)).toThrow(RangeError);
  });
});

describe("javaParseLong (Long.parseLong)", () => {
  it("reads an optional sign and decimal digits as a bigint", () => {
    expect(javaParseLong("1")).toBe(1n);
    expect(javaParseLong("+1")).toBe(1n);
    expect(javaParseLong("-1")).toBe(-1n);
    expect(javaParseLong("-0")).toBe(0n);
    expect(javaParseLong("+0")).toBe(0n);
    expect(javaParseLong("9007199254740993")).toBe(9_007_199_254_740_993n);
  });

  it("reads the long range exactly and refuses past it", () => {
    expect(JAVA_LONG_MAX).toBe(9_223_372_036_854_775_807n);
    expect(JAVA_LONG_MIN).toBe(-9_223_372_036_854_775_808n);
    expect(javaParseLong("9223372036854775807")).toBe(JAVA_LONG_MAX);
    expect(javaParseLong("-9223372036854775808")).toBe(JAVA_LONG_MIN);
    expect(javaParseLong("9223372036854775808")).toBeUndefined();
    expect(javaParseLong("-9223372036854775809")).toBeUndefined();
    expect(javaParseLong("99999999999999999999999")).toBeUndefined();
    expect(javaParseLong("9".repeat(5000))).toBeUndefined();
  });

  it("refuses what BigInt or Number.parseInt would read", () => {
    for (const text of ["", "+", "-", " 1", "1 ", "\t1", "1L", "1n", "0x10", "1e3", "1.0", "--1"]) {
      expect(javaParseLong(text), JSON.stringify(text)).toBeUndefined();
    }
  });

  it("reads any script's decimal digits", () => {
    expect(javaParseLong("\u0664\u0662")).toBe(42n);
    expect(javaParseLong("-\u0664\u0662")).toBe(-42n);
    expect(javaParseLong("\u07c0")).toBe(0n);
    expect(javaParseLong("\uff11\uff16")).toBe(16n);
  });

  it("reads other radixes", () => {
    expect(javaParseLong("7fffffffffffffff", 16)).toBe(JAVA_LONG_MAX);
    expect(javaParseLong("8000000000000000", 16)).toBeUndefined();
    expect(javaParseLong("-8000000000000000", 16)).toBe(JAVA_LONG_MIN);
    expect(() => javaParseLong("1", 37)).toThrow(RangeError);
  });
});

describe("javaDoubleToString (Double.toString)", () => {
  it("writes zeros with their sign and integers with a fraction digit", () => {
    expect(javaDoubleToString(0)).toBe("0.0");
    expect(javaDoubleToString(-0)).toBe("-0.0");
    expect(javaDoubleToString(1)).toBe("1.0");
    expect(javaDoubleToString(-1)).toBe("-1.0");
    expect(javaDoubleToString(42)).toBe("42.0");
    expect(javaDoubleToString(100)).toBe("100.0");
  });

  it("writes magnitudes from 10^-3 below 10^7 in decimal notation", () => {
    expect(javaDoubleToString(0.5)).toBe("0.5");
    expect(javaDoubleToString(-0.5)).toBe("-0.5");
    expect(javaDoubleToString(0.1)).toBe("0.1");
    expect(javaDoubleToString(0.1 + 0.2)).toBe("0.30000000000000004");
    expect(javaDoubleToString(0.001)).toBe("0.001");
    expect(javaDoubleToString(1234567.125)).toBe("1234567.125");
    expect(javaDoubleToString(9999999)).toBe("9999999.0");
  });

  it("writes other magnitudes in scientific notation, without a + in the exponent", () => {
    expect(javaDoubleToString(9.99e-4)).toBe("9.99E-4");
    expect(javaDoubleToString(1e-4)).toBe("1.0E-4");
    expect(javaDoubleToString(1.25e-5)).toBe("1.25E-5");
    expect(javaDoubleToString(1e-7)).toBe("1.0E-7");
    expect(javaDoubleToString(1e7)).toBe("1.0E7");
    expect(javaDoubleToString(-1e7)).toBe("-1.0E7");
    expect(javaDoubleToString(12345678.5)).toBe("1.23456785E7");
    expect(javaDoubleToString(1e21)).toBe("1.0E21");
    expect(javaDoubleToString(Number.MAX_VALUE)).toBe("1.7976931348623157E308");
  });

  it("writes NaN and the infinities as Java does", () => {
    expect(javaDoubleToString(Number.NaN)).toBe("NaN");
    expect(javaDoubleToString(Infinity)).toBe("Infinity");
    expect(javaDoubleToString(-Infinity)).toBe("-Infinity");
  });

  it("writes what is not a number with String", () => {
    expect(javaDoubleToString(undefined)).toBe("undefined");
  });
});

describe("javaUtf8Bytes", () => {
  it("encodes as getBytes(UTF_8) does, an unpaired surrogate as a question mark", () => {
    expect([...javaUtf8Bytes("aé€😀")]).toEqual([0x61, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80]);
    expect([...javaUtf8Bytes("a\ud800b\udc00")]).toEqual([0x61, 0x3f, 0x62, 0x3f]);
    expect([...javaUtf8Bytes("")]).toEqual([]);
  });
});
