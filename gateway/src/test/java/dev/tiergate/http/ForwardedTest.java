package dev.tiergate.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 7239 Forwarded: the first element's parameters, quoted strings, node names. */
class ForwardedTest {

    private static Forwarded.Element first(String value) {
        return Forwarded.firstElement(value).orElseThrow();
    }

    @Test
    void firstElementsParametersAreRead() {
        Forwarded.Element element = first("for=192.0.2.60;proto=https;by=203.0.113.43;host=shop.example");

        assertThat(element.forNode()).hasValue("192.0.2.60");
        assertThat(element.proto()).hasValue("https");
        assertThat(element.byNode()).hasValue("203.0.113.43");
        assertThat(element.host()).hasValue("shop.example");
    }

    @Test
    void onlyTheFirstElementCounts() {
        // RFC 7239 §4: each proxy appends an element; the first describes the client's own request.
        Forwarded.Element element = first("for=192.0.2.43;host=a.example, for=198.51.100.17;host=b.example");

        assertThat(element.forNode()).hasValue("192.0.2.43");
        assertThat(element.host()).hasValue("a.example");
    }

    @Test
    void fieldLinesAreOneList() {
        Headers headers = Headers.of("Forwarded", "for=192.0.2.43", "Forwarded", "for=198.51.100.17");

        assertThat(Forwarded.first(headers).orElseThrow().forNode()).hasValue("192.0.2.43");
        assertThat(Forwarded.first(Headers.EMPTY)).isEmpty();
    }

    @Test
    void quotedStringsAreUnquotedAndMayHoldCommasAndSemicolons() {
        Forwarded.Element element = first("for=\"[2001:db8:cafe::17]:4711\";host=\"shop.example:8443\";x=\"a,b;c\\\"d\"");

        assertThat(element.forNode()).hasValue("[2001:db8:cafe::17]:4711");
        assertThat(element.host()).hasValue("shop.example:8443");
    }

    @Test
    void commaInsideAQuotedStringDoesNotEndTheElement() {
        assertThat(first("x=\"a, b\";for=192.0.2.1, for=192.0.2.2").forNode()).hasValue("192.0.2.1");
    }

    @Test
    void parameterNamesAreCaseInsensitive() {
        assertThat(first("For=192.0.2.1;HOST=shop.example").host()).hasValue("shop.example");
    }

    @Test
    void whitespaceAroundSemicolonsAndEmptyElementsAreTolerated() {
        Forwarded.Element element = first(" , for=192.0.2.1 ; proto=http ;; host=a.example ");

        assertThat(element.forNode()).hasValue("192.0.2.1");
        assertThat(element.proto()).hasValue("http");
        assertThat(element.host()).hasValue("a.example");
    }

    @Test
    void absentParametersAreEmpty() {
        Forwarded.Element element = first("proto=https");

        assertThat(element.forNode()).isEmpty();
        assertThat(element.host()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"for=[2001:db8::1]", "for=192.0.2.1;for=192.0.2.2", "for=\"192.0.2.1", "for =192.0.2.1", "for= 192.0.2.1",
        "for", "=x", "for=", "for=\"\"", "for=a b", "for=\"a\u0001\"", "for=\"a\\\u0001\"", "for=\"a\\"})
    void malformedFirstElementIsNoElement(String value) {
        assertThat(Forwarded.firstElement(value)).isEmpty();
    }

    @Test
    void nothingButEmptyElementsIsNoElement() {
        assertThat(Forwarded.firstElement(" , ,")).isEmpty();
        assertThat(Forwarded.firstElement("")).isEmpty();
    }

    @Test
    void nodeAddressesOfBothFamiliesWithOrWithoutPorts() {
        assertThat(Forwarded.nodeAddress("192.0.2.43")).hasValue("192.0.2.43");
        assertThat(Forwarded.nodeAddress("192.0.2.43:47011")).hasValue("192.0.2.43");
        assertThat(Forwarded.nodeAddress("[2001:db8:cafe::17]")).hasValue("2001:db8:cafe::17");
        assertThat(Forwarded.nodeAddress("[2001:db8:cafe::17]:4711")).hasValue("2001:db8:cafe::17");
        assertThat(Forwarded.nodeAddress("192.0.2.43:_port-1")).hasValue("192.0.2.43");
    }

    @ParameterizedTest
    @ValueSource(strings = {"unknown", "_hidden", "_SEVKISEK", "2001:db8::1", "[192.0.2.43]", "[2001:db8::1", "[2001:db8::1]x",
        "[2001:db8::1]:", "192.0.2.43:123456", "192.0.2.43:_", "192.0.2.43:8a", "[fe80::1%eth0]", "shop.example", ""})
    void unknownObfuscatedAndMalformedNodesHaveNoAddress(String node) {
        assertThat(Forwarded.nodeAddress(node)).isEqualTo(Optional.empty());
    }
}
