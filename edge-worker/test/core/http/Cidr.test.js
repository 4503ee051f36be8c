import { describe, expect, it } from "vitest";
import { Cidr } from "../../../src/core/http/Cidr.js";

/** IP ranges in CIDR notation, and the address literals matched against them, without DNS. */
describe("Cidr", () => {
  it("ipv4 range contains its addresses only", () => {
    const range = Cidr.parse("10.0.0.0/8");

    expect(range.contains("10.0.0.0")).toBe(true);
    expect(range.contains("10.255.255.255")).toBe(true);
    expect(range.contains("11.0.0.0")).toBe(false);
    expect(range.contains("9.255.255.255")).toBe(false);
  });

  it("prefixes that end inside a byte", () => {
    const range = Cidr.parse("192.168.4.0/22");

    expect(range.contains("192.168.7.255")).toBe(true);
    expect(range.contains("192.168.8.0")).toBe(false);
    expect(range.contains("192.168.3.255")).toBe(false);
  });

  it("ipv6 range contains its addresses only", () => {
    const range = Cidr.parse("2001:db8::/32");

    expect(range.contains("2001:db8::1")).toBe(true);
    expect(range.contains("2001:DB8:ffff:ffff:ffff:ffff:ffff:ffff")).toBe(true);
    expect(range.contains("2001:db9::")).toBe(false);
  });

  it("lone address is a range of one", () => {
    expect(Cidr.parse("::1").contains("::1")).toBe(true);
    expect(Cidr.parse("::1").contains("::2")).toBe(false);
    expect(Cidr.parse("127.0.0.1").contains("127.0.0.2")).toBe(false);
    expect(Cidr.parse("::1/128").equals(Cidr.parse("::1"))).toBe(true);
  });

  it("ipv4 range contains the ipv4 mapped form of its addresses", () => {
    // RFC 4291 §2.5.5.2: a dual-stack listener reports an IPv4 peer as ::ffff:a.b.c.d.
    expect(Cidr.parse("10.0.0.0/8").contains("::ffff:10.1.2.3")).toBe(true);
    expect(Cidr.parse("10.0.0.0/8").contains("::ffff:a01:203")).toBe(true);
    expect(Cidr.parse("10.0.0.0/8").contains("::ffff:11.1.2.3")).toBe(false);
    expect(Cidr.parse("::ffff:10.0.0.0/104").contains("10.200.0.1")).toBe(true);
  });

  it("bracketed and zoned addresses are read", () => {
    expect(Cidr.parse("[2001:db8::]/32").contains("[2001:db8::7]")).toBe(true);
    expect(Cidr.parse("fe80::/10").contains("fe80::1%eth0")).toBe(true);
    expect(Cidr.parse("::/0").contains("0:0:0:0:0:0:0:1")).toBe(true);
  });

  it("all addresses of a family", () => {
    expect(Cidr.parse("0.0.0.0/0").contains("203.0.113.9")).toBe(true);
    expect(Cidr.parse("0.0.0.0/0").contains("2001:db8::1")).toBe(false);
    expect(Cidr.parse("::/0").contains("2001:db8::1")).toBe(true);
  });

  it.each([
    "localhost",
    "example.com",
    "",
    "10.0.0",
    "10.0.0.0.1",
    "256.0.0.1",
    "010.0.0.1",
    "1.2.3.4:80",
    "[10.0.0.1]",
    "1:2:3:4:5:6:7:8:9",
    "1::2::3",
    "12345::",
    ":1",
    "1:",
    "::g",
    "fe80::1%",
    "1.2.3.4%eth0",
    "::1.2.3",
    " 10.0.0.1",
    "\uff11.0.0.1",
    "::\uff11",
  ])("anything but an address literal is in no range: %j", (address) => {
    expect(Cidr.parse("0.0.0.0/0").contains(address)).toBe(false);
    expect(Cidr.parse("::/0").contains(address)).toBe(false);
    expect(Cidr.isAddress(address)).toBe(false);
  });

  it("address literals of both families", () => {
    expect(Cidr.isAddress("192.0.2.43")).toBe(true);
    expect(Cidr.isAddress("2001:db8:cafe::17")).toBe(true);
    expect(Cidr.isAddress("[2001:db8:cafe::17]")).toBe(true);
    expect(Cidr.isAddress("::ffff:192.0.2.43")).toBe(true);
    expect(Cidr.isAddress("1:2:3:4:5:6:1.2.3.4")).toBe(true);
  });

  it("host name is refused without being resolved", () => {
    expect(() => Cidr.parse("localhost/8")).toThrow(
      new Error(
        "is not an IPv4 or IPv6 address (expected: a range such as 10.0.0.0/8 or fd00::/8, or one address; " +
          "host names are not resolved)",
      ),
    );
  });

  it("prefix length out of range names the limit of its family", () => {
    expect(() => Cidr.parse("10.0.0.0/33")).toThrow(
      new Error('has the prefix length "33" (expected: a whole number from 0 to 32)'),
    );
    expect(() => Cidr.parse("::/129")).toThrow(
      new Error('has the prefix length "129" (expected: a whole number from 0 to 128)'),
    );
    expect(() => Cidr.parse("10.0.0.0/08")).toThrow(
      new Error('has the prefix length "08" (expected: a whole number from 0 to 32)'),
    );
    expect(() => Cidr.parse("10.0.0.0/")).toThrow(
      new Error('has the prefix length "" (expected: a whole number from 0 to 32)'),
    );
    expect(() => Cidr.parse("10.0.0.0/-1")).toThrow();
  });

  it("bits past the prefix name the range that was probably meant", () => {
    expect(() => Cidr.parse("10.1.2.3/8")).toThrow(new Error("has bits set past its /8 prefix (expected: 10.0.0.0/8)"));
    expect(() => Cidr.parse("2001:db8::1/32")).toThrow(
      new Error("has bits set past its /32 prefix (expected: 2001:db8::/32)"),
    );
    expect(() => Cidr.parse("::ffff:10.1.0.0/104")).toThrow(
      new Error("has bits set past its /104 prefix (expected: ::ffff:10.0.0.0/104)"),
    );
  });

  it("text is the canonical form", () => {
    expect(String(Cidr.parse("10.0.0.0/8"))).toBe("10.0.0.0/8");
    expect(String(Cidr.parse("2001:DB8:0:0::/64"))).toBe("2001:db8::/64");
    expect(String(Cidr.parse("[::1]"))).toBe("::1/128");
    expect(String(Cidr.parse("2001:db8:0:1:0:0:0:0/64"))).toBe("2001:db8:0:1::/64");
    expect(String(Cidr.parse("1:0:0:2:0:0:0:0/128"))).toBe("1:0:0:2::/128");
    expect(String(Cidr.parse("1:0:2:3:4:5:6:7"))).toBe("1:0:2:3:4:5:6:7/128");
    expect(String(Cidr.parse("::"))).toBe("::/128");
    expect(String(Cidr.parse("::ffff:0:0/96"))).toBe("::ffff:0.0.0.0/96");
  });
});
