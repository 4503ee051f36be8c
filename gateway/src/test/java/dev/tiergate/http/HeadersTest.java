package dev.tiergate.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HeadersTest {

    private static final Headers FIELDS = Headers.of("Host", "shop.example", "Accept", "*/*", "accept", "text/html");

    @Test
    void withoutRemovesEveryValueOfTheNamesWhateverTheirCase() {
        assertThat(FIELDS.without("ACCEPT")).isEqualTo(Headers.of("Host", "shop.example"));
        assertThat(FIELDS.without("Host", "Accept")).isSameAs(Headers.EMPTY);
    }

    @Test
    void keepsOrderAroundTheRemovedFields() {
        Headers fields = Headers.of("A", "1", "B", "2", "C", "3", "B", "4", "D", "5");
        assertThat(fields.without("b")).isEqualTo(Headers.of("A", "1", "C", "3", "D", "5"));
    }

    @Test
    void removingFieldsThatAreNotThereCopiesNothing() {
        assertThat(FIELDS.without("Tiergate-Edge-Auth")).isSameAs(FIELDS);
        assertThat(FIELDS.filter(name -> true)).isSameAs(FIELDS);
    }
}
