package dev.tiergate.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class VaryMatchTest {

    private static Optional<String> key(List<String> varyFields, String... requestHeaders) {
        return VaryMatch.secondaryKey(varyFields, Headers.of(requestHeaders));
    }

    @Test
    void fieldsAreLowerCasedDeduplicatedAndCollectedFromEveryLine() {
        Headers response = Headers.of("Vary", "Accept-Encoding, Foo", "Vary", " foo ,, Accept-Language");

        assertThat(VaryMatch.fields(response)).containsExactly("accept-encoding", "foo", "accept-language");
    }

    @Test
    void noVaryMeansNoFields() {
        assertThat(VaryMatch.fields(Headers.EMPTY)).isEmpty();
        assertThat(key(List.of(), "Foo", "1")).contains("");
    }

    @Test
    void sameValuesGiveTheSameKey() {
        List<String> vary = List.of("foo", "bar");

        assertThat(key(vary, "Foo", "1", "Bar", "abc")).isEqualTo(key(vary, "bar", "abc", "FOO", "1"));
    }

    @Test
    void differentValueGivesADifferentKey() {
        List<String> vary = List.of("foo", "bar", "baz");

        assertThat(key(vary, "Foo", "1", "Bar", "abc", "Baz", "789"))
                .isNotEqualTo(key(vary, "Foo", "2", "Bar", "abc", "Baz", "789"));
        assertThat(key(vary, "Foo", "1", "Bar", "abc4", "Baz", "789"))
                .isNotEqualTo(key(vary, "Foo", "1", "Bar", "abc", "Baz", "789"));
    }

    @Test
    void absentFieldMatchesOnlyAnotherAbsence() {
        // RFC 9111 §4.1: a field absent from both requests matches; absent and present do not.
        List<String> vary = List.of("foo", "bar");

        assertThat(key(vary, "Foo", "1")).isEqualTo(key(vary, "Foo", "1"));
        assertThat(key(vary, "Foo", "1")).isNotEqualTo(key(vary, "Foo", "1", "Bar", "abc"));
        assertThat(key(vary, "Foo", "1")).isNotEqualTo(key(vary, "Foo", "1", "Bar", ""));
    }

    @Test
    void fieldsNotListedInVaryDoNotAffectTheKey() {
        List<String> vary = List.of("foo");

        assertThat(key(vary, "Foo", "1", "Other", "2")).isEqualTo(key(vary, "Foo", "1", "Other", "3"));
    }

    @Test
    void whitespaceIsNormalised() {
        // RFC 9111 §4.1: values match after whitespace normalisation and combining field lines.
        List<String> vary = List.of("foo");

        assertThat(key(vary, "Foo", "1,2")).isEqualTo(key(vary, "Foo", " 1, 2 "));
        assertThat(key(vary, "Foo", "text/html ; q=0.5")).isEqualTo(key(vary, "Foo", "text/html;q=0.5"));
    }

    @Test
    void fieldLinesAreCombined() {
        List<String> vary = List.of("foo");

        assertThat(key(vary, "Foo", "1, 2")).isEqualTo(key(vary, "Foo", "1", "Foo", "2"));
    }

    @Test
    void acceptEncodingSpellingsOfOneClassShareAKey() {
        List<String> vary = List.of("accept-encoding");

        assertThat(key(vary, "Accept-Encoding", "gzip, deflate")).isEqualTo(key(vary, "Accept-Encoding", "x-gzip;q=0.5"));
        assertThat(key(vary, "Accept-Encoding", "gzip")).isNotEqualTo(key(vary, "Accept-Encoding", "br"));
        assertThat(key(vary)).isEqualTo(key(vary, "Accept-Encoding", "identity"));
    }

    @Test
    void acceptEncodingIgnoresOrderAndCase() {
        List<String> vary = List.of("accept-encoding");

        assertThat(key(vary, "Accept-Encoding", "gzip, br")).isEqualTo(key(vary, "Accept-Encoding", "BR,GZIP"));
    }

    @Test
    void otherFieldsKeepTheirOrder() {
        List<String> vary = List.of("accept-language");

        assertThat(key(vary, "Accept-Language", "en, de")).isNotEqualTo(key(vary, "Accept-Language", "de, en"));
    }

    @Test
    void varyStarNeverMatches() {
        assertThat(key(List.of("foo", "*"), "Foo", "1")).isEmpty();
        assertThat(key(List.of("*"), "*", "1")).isEmpty();
    }

    @Test
    void fieldsOfRecoversTheVaryFieldNames() {
        String key = key(List.of("accept-encoding", "foo"), "Accept-Encoding", "gzip").orElseThrow();

        assertThat(VaryMatch.fieldsOf(key)).containsExactly("accept-encoding", "foo");
        assertThat(VaryMatch.fieldsOf("")).isEmpty();
    }
}
