package dev.tiergate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class QueryRuleTest {

    @Test
    void allKeepsEveryParameter() {
        assertThat(QueryRule.ALL.keeps("page")).isTrue();
        assertThat(QueryRule.ALL.keeps("utm_source")).isTrue();
    }

    @Test
    void noneKeepsNoParameter() {
        QueryRule none = new QueryRule(QueryRule.Mode.NONE, List.of());

        assertThat(none.keeps("page")).isFalse();
    }

    @Test
    void includeKeepsOnlyListedNamesExactly() {
        QueryRule include = new QueryRule(QueryRule.Mode.INCLUDE, List.of("page", "sort"));

        assertThat(include.keeps("page")).isTrue();
        assertThat(include.keeps("sort")).isTrue();
        assertThat(include.keeps("pages")).isFalse();
        assertThat(include.keeps("Page")).isFalse();
        assertThat(include.keeps("utm_source")).isFalse();
    }

    @Test
    void excludeKeepsEverythingButListedNames() {
        QueryRule exclude = new QueryRule(QueryRule.Mode.EXCLUDE, List.of("utm_*", "fbclid"));

        assertThat(exclude.keeps("page")).isTrue();
        assertThat(exclude.keeps("fbclid")).isFalse();
        assertThat(exclude.keeps("utm_source")).isFalse();
        assertThat(exclude.keeps("utm_")).isFalse();
        assertThat(exclude.keeps("utm")).isTrue();
    }

    @Test
    void trailingStarIsAPrefix() {
        QueryRule include = new QueryRule(QueryRule.Mode.INCLUDE, List.of("filter[*"));

        assertThat(include.keeps("filter[color]")).isTrue();
        assertThat(include.keeps("filter")).isFalse();
    }

    @Test
    void loneStarListsEveryName() {
        assertThat(new QueryRule(QueryRule.Mode.INCLUDE, List.of("*")).keeps("anything")).isTrue();
        assertThat(new QueryRule(QueryRule.Mode.EXCLUDE, List.of("*")).keeps("anything")).isFalse();
    }

    @Test
    void namesAreCopiedSoTheRuleIsImmutable() {
        java.util.ArrayList<String> names = new java.util.ArrayList<>(List.of("page"));
        QueryRule rule = new QueryRule(QueryRule.Mode.INCLUDE, names);
        names.add("sort");

        assertThat(rule.keeps("sort")).isFalse();
    }

    @Test
    void validNamesAreParameterNamesOptionallyEndingInStar() {
        assertThat(QueryRule.isValidName("page")).isTrue();
        assertThat(QueryRule.isValidName("utm_*")).isTrue();
        assertThat(QueryRule.isValidName("filter[color]")).isTrue();
        assertThat(QueryRule.isValidName("a.b-c")).isTrue();
        assertThat(QueryRule.isValidName("*")).isTrue();
        assertThat(QueryRule.isValidName("")).isFalse();
        assertThat(QueryRule.isValidName("*utm")).isFalse();
        assertThat(QueryRule.isValidName("a*b")).isFalse();
        assertThat(QueryRule.isValidName("a=b")).isFalse();
        assertThat(QueryRule.isValidName("a b")).isFalse();
        assertThat(QueryRule.isValidName("a&b")).isFalse();
    }
}
