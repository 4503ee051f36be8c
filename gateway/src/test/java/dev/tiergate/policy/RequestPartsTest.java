package dev.tiergate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.policy.RequestParts.Parameter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RequestPartsTest {

    @Test
    void targetSplitsAtTheFirstQuestionMark() {
        assertThat(RequestParts.path("/a/b?x=1?y")).isEqualTo("/a/b");
        assertThat(RequestParts.rawQuery("/a/b?x=1?y")).isEqualTo("x=1?y");
        assertThat(RequestParts.path("/a")).isEqualTo("/a");
        assertThat(RequestParts.rawQuery("/a")).isEmpty();
        assertThat(RequestParts.rawQuery("/a?")).isEmpty();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "/a/b/c/./../../g, /a/g",
        "/a/./b, /a/b",
        "/a/b/.., /a/",
        "/a/b/., /a/b/",
        "/../a, /a",
        "/../../.., /",
        "/., /",
        "/a/.hidden/..x, /a/.hidden/..x",
        "/mid/content=5/../6, /mid/6",
        "/a//b/../c, /a//c",
    })
    void dotSegmentsAreRemovedPerRfc3986(String path, String normalised) {
        assertThat(RequestParts.normalisePath(path)).isEqualTo(normalised);
    }

    @Test
    void encodedUnreservedCharactersAreDecoded() {
        assertThat(RequestParts.normalisePath("/%7Euser/%61%62%2D%2e%5F")).isEqualTo("/~user/ab-._");
    }

    @Test
    void otherPercentEncodingsAreUpperCasedButKept() {
        assertThat(RequestParts.normalisePath("/a%2fb/%c3%a9/%20")).isEqualTo("/a%2Fb/%C3%A9/%20");
    }

    @Test
    void encodedDotsAreDecodedBeforeDotSegmentsAreRemoved() {
        assertThat(RequestParts.normalisePath("/a/%2E%2E/b")).isEqualTo("/b");
        assertThat(RequestParts.normalisePath("/a/%2e/b")).isEqualTo("/a/b");
    }

    @Test
    void encodedSlashIsNotASegmentSeparator() {
        assertThat(RequestParts.normalisePath("/a/..%2Fsecret")).isEqualTo("/a/..%2Fsecret");
    }

    @Test
    void malformedPercentSequencesAreLeftAlone() {
        assertThat(RequestParts.normalisePath("/100%")).isEqualTo("/100%");
        assertThat(RequestParts.normalisePath("/a%4")).isEqualTo("/a%4");
        assertThat(RequestParts.normalisePath("/a%zz")).isEqualTo("/a%zz");
        assertThat(RequestParts.normalisePath("/%41")).isEqualTo("/A");
    }

    @Test
    void queryParametersKeepTheirOrderAndDistinguishMissingFromEmptyValues() {
        List<Parameter> parameters = RequestParts.parameters("b=2&a&c=&a=1");

        assertThat(parameters).containsExactly(
                new Parameter("b", "2", true),
                new Parameter("a", "", false),
                new Parameter("c", "", true),
                new Parameter("a", "1", true));
        assertThat(RequestParts.join(parameters)).isEqualTo("b=2&a&c=&a=1");
    }

    @Test
    void emptyQueryMembersAreDropped() {
        assertThat(RequestParts.parameters("&&a=1&&")).containsExactly(new Parameter("a", "1", true));
        assertThat(RequestParts.parameters("")).isEmpty();
    }

    @Test
    void queryPercentEncodingIsNormalisedButPlusIsKept() {
        assertThat(RequestParts.parameters("%71=%7e%2f&q=a+b")).containsExactly(
                new Parameter("q", "~%2F", true),
                new Parameter("q", "a+b", true));
    }

    @Test
    void valueMayContainEqualsSigns() {
        assertThat(RequestParts.parameters("token=a=b==")).containsExactly(new Parameter("token", "a=b==", true));
    }

    @Test
    void parameterLookupDecodesNamesAndValuesAndTakesTheFirst() {
        List<Parameter> parameters = RequestParts.parameters("tier=gold&tier=silver&my%20name=a+b%21");

        assertThat(RequestParts.parameter(parameters, "tier")).contains("gold");
        assertThat(RequestParts.parameter(parameters, "my name")).contains("a b!");
        assertThat(RequestParts.parameter(parameters, "absent")).isEmpty();
    }

    @Test
    void cookiesAreSplitTrimmedAndUnquoted() {
        Map<String, String> cookies = RequestParts.cookies(List.of("a=1; b=\"two\";c=x=y", "d=4"));

        assertThat(cookies).containsExactly(Map.entry("a", "1"), Map.entry("b", "two"), Map.entry("c", "x=y"), Map.entry("d", "4"));
    }

    @Test
    void theFirstOfARepeatedCookieWins() {
        assertThat(RequestParts.cookies(List.of("session=first; session=second", "session=third"))).containsEntry("session", "first");
    }

    @Test
    void cookiePairsWithoutNameOrEqualsAreIgnored() {
        assertThat(RequestParts.cookies(List.of("=orphan; flag; ok=1; ;"))).containsExactly(Map.entry("ok", "1"));
        assertThat(RequestParts.cookies(List.of())).isEmpty();
    }

    @Test
    void anEmptyCookieValueIsKept() {
        assertThat(RequestParts.cookies(List.of("a=; b=\"\""))).containsExactly(Map.entry("a", ""), Map.entry("b", ""));
    }
}
