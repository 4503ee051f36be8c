package dev.tiergate.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PathPatternTest {

    @Test
    void literalPatternMatchesOnlyItsPath() {
        PathPattern pattern = PathPattern.compile("/api/health");

        assertThat(pattern.match("/api/health")).contains(Map.of());
        assertThat(pattern.match("/api/health/")).isEmpty();
        assertThat(pattern.match("/api/healthz")).isEmpty();
        assertThat(pattern.match("/API/health")).isEmpty();
    }

    @Test
    void parametersCaptureOneSegmentEachInOrder() {
        PathPattern pattern = PathPattern.compile("/shops/{shop}/products/{id}");

        assertThat(pattern.parameterNames()).containsExactly("shop", "id");
        assertThat(pattern.match("/shops/eu/products/42")).hasValueSatisfying(parameters ->
                assertThat(parameters).containsExactly(Map.entry("shop", "eu"), Map.entry("id", "42")));
        assertThat(pattern.match("/shops/eu/products/42/reviews")).isEmpty();
        assertThat(pattern.match("/shops/eu/products/")).isEmpty();
        assertThat(pattern.match("/shops//products/42")).isEmpty();
    }

    @Test
    void starMatchesExactlyOneNonEmptySegmentWithoutCapturing() {
        PathPattern pattern = PathPattern.compile("/v1/*/items");

        assertThat(pattern.parameterNames()).isEmpty();
        assertThat(pattern.match("/v1/abc/items")).contains(Map.of());
        assertThat(pattern.match("/v1/a/b/items")).isEmpty();
        assertThat(pattern.match("/v1//items")).isEmpty();
    }

    @Test
    void trailingDoubleStarMatchesThePrefixItselfAndEverythingBelow() {
        PathPattern pattern = PathPattern.compile("/static/**");

        assertThat(pattern.match("/static")).isPresent();
        assertThat(pattern.match("/static/")).isPresent();
        assertThat(pattern.match("/static/css/site.css")).isPresent();
        assertThat(pattern.match("/staticfiles")).isEmpty();
        assertThat(pattern.match("/other/static/x")).isEmpty();
    }

    @Test
    void rootDoubleStarMatchesEveryPath() {
        PathPattern pattern = PathPattern.compile("/**");

        assertThat(pattern.match("/")).isPresent();
        assertThat(pattern.match("/a/b/c")).isPresent();
    }

    @Test
    void parametersAndDoubleStarCombine() {
        PathPattern pattern = PathPattern.compile("/files/{bucket}/**");

        assertThat(pattern.match("/files/photos/2024/a.jpg")).contains(Map.of("bucket", "photos"));
        assertThat(pattern.match("/files/photos")).contains(Map.of("bucket", "photos"));
    }

    @Test
    void regexCharactersInLiteralsAreLiteral() {
        PathPattern pattern = PathPattern.compile("/a.b/(x)+");

        assertThat(pattern.match("/a.b/(x)+")).isPresent();
        assertThat(pattern.match("/aXb/xx")).isEmpty();
    }

    @Test
    void toStringIsTheSource() {
        assertThat(PathPattern.compile("/api/products/{id}")).hasToString("/api/products/{id}");
    }

    @Test
    void patternMustStartWithASlash() {
        assertThatIllegalArgumentException().isThrownBy(() -> PathPattern.compile("api/**")).withMessageContaining("start with \"/\"");
    }

    @Test
    void doubleStarOnlyAsTheLastSegment() {
        assertThatIllegalArgumentException().isThrownBy(() -> PathPattern.compile("/a/**/b")).withMessageContaining("last segment");
    }

    @Test
    void aParameterNameMayAppearOnlyOnce() {
        assertThatIllegalArgumentException().isThrownBy(() -> PathPattern.compile("/{id}/x/{id}")).withMessageContaining("{id} appears twice");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/files/*.jpg", "/a/{id", "/a/id}", "/a/pre{id}", "/a/{1x}", "/a/{}", "/a/x**"})
    void wildcardsAndParametersMustBeWholeSegments(String malformed) {
        assertThatIllegalArgumentException().isThrownBy(() -> PathPattern.compile(malformed)).withMessageContaining("mixes text");
    }
}
