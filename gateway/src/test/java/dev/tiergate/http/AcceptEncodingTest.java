package dev.tiergate.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AcceptEncodingTest {

    private static String normalise(String value) {
        return AcceptEncoding.normalise(Optional.of(value));
    }

    private static boolean accepts(String acceptEncoding, String contentEncoding) {
        return AcceptEncoding.accepts(Optional.ofNullable(acceptEncoding), Optional.ofNullable(contentEncoding));
    }

    @ParameterizedTest(name = "[{0}] -> {1}")
    @CsvSource(delimiter = '|', value = {
        "gzip, deflate, br         | br",
        "br                        | br",
        "BR                        | br",
        "gzip                      | gzip",
        "GZip                      | gzip",
        "x-gzip                    | gzip",
        "deflate                   | identity",
        "identity                  | identity",
        "''                        | identity",
        "*                         | br",
        "*;q=0                     | identity",
        "*, br;q=0                 | gzip",
        "*;q=0.5, gzip             | gzip",
        "gzip;q=1.0, br;q=0.8      | gzip",
        "br;q=0.8, gzip;q=0.8      | br",
        "br;q=0, gzip              | gzip",
        "br;q=0.000, gzip;q=0      | identity",
        "gzip;q=0.001              | gzip",
        "gzip ; q=0.5 , br ; q=0.4 | gzip",
        "gzip;Q=0.5, br;q=0.4      | gzip",
        "br;q=0.5;level=9, gzip;q=0.4 | br",
        "gzip;level=1              | gzip",
        "br, br;q=0                | br",
        "br;q=0, br                | identity",
        "br;q=2, gzip;q=0.1        | gzip",
        "br;q=1.5, gzip;q=0.1      | gzip",
        "br;q=0.5000, gzip;q=0.1   | gzip",
        "br;q=, gzip               | gzip",
        "br;q=abc                  | identity",
        "br;q=1.000, gzip          | br",
        "br;q=-1, gzip             | gzip",
        "br;q = 0, gzip;q=0.1      | br",
        "gzip\tbr                  | identity",
        "\"gzip\", br              | br",
        ",,, gzip ,,               | gzip",
        "compress, zstd            | identity",
        "zstd, *;q=0.1             | br",
        "identity;q=0, gzip        | gzip",
    })
    void normalisesToTheClassItsWeightsPrefer(String value, String expected) {
        assertThat(normalise(value)).isEqualTo(expected);
    }

    @Test
    void anAbsentFieldIsIdentity() {
        // Deliberate deviation from RFC 9110 §12.5.3 ("any content coding is acceptable"): see AcceptEncoding.normalise.
        assertThat(AcceptEncoding.normalise(Optional.empty())).isEqualTo("identity");
    }

    @Test
    void qvaluesAreReadInThousandths() {
        assertThat(AcceptEncoding.weights(Optional.of("a;q=0.5, b;q=0.25, c;q=0.125, d;q=1, e;q=0., f;q=1., g;q=0")))
                .containsExactly(java.util.Map.entry("a", 500), java.util.Map.entry("b", 250), java.util.Map.entry("c", 125),
                        java.util.Map.entry("d", 1000), java.util.Map.entry("e", 0), java.util.Map.entry("f", 1000), java.util.Map.entry("g", 0));
    }

    @Test
    void aMemberThatIsNotATokenIsIgnored() {
        assertThat(AcceptEncoding.weights(Optional.of("g zip, br/x, \"gzip\", ok"))).containsOnlyKeys("ok");
    }

    @Test
    void identityIsAcceptableUnlessExcluded() {
        // RFC 9110 §12.5.3: unless "identity;q=0" or "*;q=0" without a more specific entry for identity.
        assertThat(AcceptEncoding.weight(AcceptEncoding.weights(Optional.of("gzip")), "identity")).isEqualTo(1000);
        assertThat(AcceptEncoding.weight(AcceptEncoding.weights(Optional.of("identity;q=0")), "identity")).isZero();
        assertThat(AcceptEncoding.weight(AcceptEncoding.weights(Optional.of("*;q=0")), "identity")).isZero();
        assertThat(AcceptEncoding.weight(AcceptEncoding.weights(Optional.of("*;q=0, identity;q=0.5")), "identity")).isEqualTo(500);
    }

    @ParameterizedTest(name = "[{0}] takes [{1}]: {2}")
    @CsvSource(delimiter = '|', nullValues = "NONE", value = {
        "gzip             | gzip       | true",
        "gzip             | GZIP       | true",
        "x-gzip           | gzip       | true",
        "gzip             | x-gzip     | true",
        "br               | gzip       | false",
        "gzip, br         | br         | true",
        "gzip, br;q=0     | br         | false",
        "*                | zstd       | true",
        "*;q=0            | gzip       | false",
        "gzip             | gzip, br   | false",
        "gzip, br         | gzip, br   | true",
        "gzip             | identity   | true",
        "NONE             | gzip       | false",
        "NONE             | NONE       | true",
        "identity;q=0     | NONE       | true",
        "gzip, deflate    | deflate    | true",
        "gzip             | deflate    | false",
    })
    void aStoredCodingIsServedOnlyToClientsThatAcceptIt(String acceptEncoding, String contentEncoding, boolean expected) {
        assertThat(accepts(acceptEncoding, contentEncoding)).isEqualTo(expected);
    }

    @Test
    void aHundredSpellingsFallIntoAtMostThreeClasses() {
        List<String> codings = List.of("gzip", "br", "deflate", "identity", "zstd", "x-gzip", "*", "compress");
        List<String> weights = List.of("", ";q=0", ";q=0.5", ";q=1", ";q=0.9");
        Set<String> classes = new HashSet<>();
        Set<String> spellings = new HashSet<>();
        for (int i = 0; spellings.size() < 100; i++) {
            String spelling = codings.get(i % codings.size()) + weights.get(i % weights.size()) + ", "
                    + codings.get((i / 3) % codings.size()) + weights.get((i / 5) % weights.size());
            if (spellings.add(spelling)) {
                classes.add(normalise(spelling));
            }
        }
        assertThat(classes).isSubsetOf("br", "gzip", "identity");
    }
}
