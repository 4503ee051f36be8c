package dev.tiergate.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** IP ranges in CIDR notation, and the address literals matched against them, without DNS. */
class CidrTest {

    @Test
    void ipv4RangeContainsItsAddressesOnly() {
        Cidr range = Cidr.parse("10.0.0.0/8");

        assertThat(range.contains("10.0.0.0")).isTrue();
        assertThat(range.contains("10.255.255.255")).isTrue();
        assertThat(range.contains("11.0.0.0")).isFalse();
        assertThat(range.contains("9.255.255.255")).isFalse();
    }

    @Test
    void prefixesThatEndInsideAByte() {
        Cidr range = Cidr.parse("192.168.4.0/22");

        assertThat(range.contains("192.168.7.255")).isTrue();
        assertThat(range.contains("192.168.8.0")).isFalse();
        assertThat(range.contains("192.168.3.255")).isFalse();
    }

    @Test
    void ipv6RangeContainsItsAddressesOnly() {
        Cidr range = Cidr.parse("2001:db8::/32");

        assertThat(range.contains("2001:db8::1")).isTrue();
        assertThat(range.contains("2001:DB8:ffff:ffff:ffff:ffff:ffff:ffff")).isTrue();
        assertThat(range.contains("2001:db9::")).isFalse();
    }

    @Test
    void loneAddressIsARangeOfOne() {
        assertThat(Cidr.parse("::1").contains("::1")).isTrue();
        assertThat(Cidr.parse("::1").contains("::2")).isFalse();
        assertThat(Cidr.parse("127.0.0.1").contains("127.0.0.2")).isFalse();
        assertThat(Cidr.parse("::1/128")).isEqualTo(Cidr.parse("::1"));
    }

    @Test
    void ipv4RangeContainsTheIpv4MappedFormOfItsAddresses() {
        // RFC 4291 §2.5.5.2: a dual-stack listener reports an IPv4 peer as ::ffff:a.b.c.d.
        assertThat(Cidr.parse("10.0.0.0/8").contains("::ffff:10.1.2.3")).isTrue();
        assertThat(Cidr.parse("10.0.0.0/8").contains("::ffff:a01:203")).isTrue();
        assertThat(Cidr.parse("10.0.0.0/8").contains("::ffff:11.1.2.3")).isFalse();
        assertThat(Cidr.parse("::ffff:10.0.0.0/104").contains("10.200.0.1")).isTrue();
    }

    @Test
    void bracketedAndZonedAddressesAreRead() {
        assertThat(Cidr.parse("[2001:db8::]/32").contains("[2001:db8::7]")).isTrue();
        assertThat(Cidr.parse("fe80::/10").contains("fe80::1%eth0")).isTrue();
        assertThat(Cidr.parse("::/0").contains("0:0:0:0:0:0:0:1")).isTrue();
    }

    @Test
    void allAddressesOfAFamily() {
        assertThat(Cidr.parse("0.0.0.0/0").contains("203.0.113.9")).isTrue();
        assertThat(Cidr.parse("0.0.0.0/0").contains("2001:db8::1")).isFalse();
        assertThat(Cidr.parse("::/0").contains("2001:db8::1")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "example.com", "", "10.0.0", "10.0.0.0.1", "256.0.0.1", "010.0.0.1", "1.2.3.4:80", "[10.0.0.1]",
        "1:2:3:4:5:6:7:8:9", "1::2::3", "12345::", ":1", "1:", "::g", "fe80::1%", "1.2.3.4%eth0", "::1.2.3", " 10.0.0.1",
        "\uff11.0.0.1", "::\uff11"})
    void anythingButAnAddressLiteralIsInNoRange(String address) {
        assertThat(Cidr.parse("0.0.0.0/0").contains(address)).isFalse();
        assertThat(Cidr.parse("::/0").contains(address)).isFalse();
        assertThat(Cidr.isAddress(address)).isFalse();
    }

    @Test
    void addressLiteralsOfBothFamilies() {
        assertThat(Cidr.isAddress("192.0.2.43")).isTrue();
        assertThat(Cidr.isAddress("2001:db8:cafe::17")).isTrue();
        assertThat(Cidr.isAddress("[2001:db8:cafe::17]")).isTrue();
        assertThat(Cidr.isAddress("::ffff:192.0.2.43")).isTrue();
        assertThat(Cidr.isAddress("1:2:3:4:5:6:1.2.3.4")).isTrue();
    }

    @Test
    void hostNameIsRefusedWithoutBeingResolved() {
        assertThatThrownBy(() -> Cidr.parse("localhost/8")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("is not an IPv4 or IPv6 address (expected: a range such as 10.0.0.0/8 or fd00::/8, or one address; "
                        + "host names are not resolved)");
    }

    @Test
    void prefixLengthOutOfRangeNamesTheLimitOfItsFamily() {
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessage("has the prefix length \"33\" (expected: a whole number from 0 to 32)");
        assertThatThrownBy(() -> Cidr.parse("::/129")).hasMessage("has the prefix length \"129\" (expected: a whole number from 0 to 128)");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/08")).hasMessage("has the prefix length \"08\" (expected: a whole number from 0 to 32)");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/")).hasMessage("has the prefix length \"\" (expected: a whole number from 0 to 32)");
        assertThatThrownBy(() -> Cidr.parse("10.0.0.0/-1")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void bitsPastThePrefixNameTheRangeThatWasProbablyMeant() {
        assertThatThrownBy(() -> Cidr.parse("10.1.2.3/8")).hasMessage("has bits set past its /8 prefix (expected: 10.0.0.0/8)");
        assertThatThrownBy(() -> Cidr.parse("2001:db8::1/32")).hasMessage("has bits set past its /32 prefix (expected: 2001:db8::/32)");
        assertThatThrownBy(() -> Cidr.parse("::ffff:10.1.0.0/104")).hasMessage("has bits set past its /104 prefix (expected: ::ffff:10.0.0.0/104)");
    }

    @Test
    void textIsTheCanonicalForm() {
        assertThat(Cidr.parse("10.0.0.0/8")).hasToString("10.0.0.0/8");
        assertThat(Cidr.parse("2001:DB8:0:0::/64")).hasToString("2001:db8::/64");
        assertThat(Cidr.parse("[::1]")).hasToString("::1/128");
        assertThat(Cidr.parse("2001:db8:0:1:0:0:0:0/64")).hasToString("2001:db8:0:1::/64");
        assertThat(Cidr.parse("1:0:0:2:0:0:0:0/128")).hasToString("1:0:0:2::/128");
        assertThat(Cidr.parse("1:0:2:3:4:5:6:7")).hasToString("1:0:2:3:4:5:6:7/128");
        assertThat(Cidr.parse("::")).hasToString("::/128");
        assertThat(Cidr.parse("::ffff:0:0/96")).hasToString("::ffff:0.0.0.0/96");
    }
}
