package dev.tiergate.originsim;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class EntityTagsTest {

    @Test
    void strongTagIsSixteenHexCharsOfTheBodyHashInQuotes() {
        assertThat(EntityTags.strongFor("hello")).isEqualTo("\"2cf24dba5fb0a30e\"");
    }

    @Test
    void normalizeQuotesBareValuesAndKeepsWeakPrefix() {
        assertThat(EntityTags.normalize("abc")).isEqualTo("\"abc\"");
        assertThat(EntityTags.normalize("\"abc\"")).isEqualTo("\"abc\"");
        assertThat(EntityTags.normalize("W/abc")).isEqualTo("W/\"abc\"");
        assertThat(EntityTags.normalize("W/\"abc\"")).isEqualTo("W/\"abc\"");
    }

    @Test
    void listParsingKeepsCommasInsideQuotes() {
        assertThat(EntityTags.parseList("\"a,b\", W/\"c\" ,\"d\""))
                .containsExactly("\"a,b\"", "W/\"c\"", "\"d\"");
    }

    @Test
    void comparisonIsWeak() {
        assertThat(EntityTags.noneMatchHits("W/\"x\"", "\"x\"")).isTrue();
        assertThat(EntityTags.noneMatchHits("\"x\"", "W/\"x\"")).isTrue();
        assertThat(EntityTags.noneMatchHits("\"y\", \"z\"", "\"x\"")).isFalse();
    }

    @Test
    void starMatchesEvenWithoutATag() {
        assertThat(EntityTags.noneMatchHits("*", null)).isTrue();
    }
}
