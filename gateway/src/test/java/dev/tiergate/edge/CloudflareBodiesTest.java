package dev.tiergate.edge;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CloudflareBodiesTest {

    @Test
    void eachKindHasItsField() {
        assertThat(CloudflareBodies.of(EdgePurge.urls(List.of("https://shop.example/a?x=1")), 30))
                .containsExactly(Map.of("files", List.of("https://shop.example/a?x=1")));
        assertThat(CloudflareBodies.of(EdgePurge.prefixes(List.of(URI.create("https://shop.example/a/"))), 30))
                .containsExactly(Map.of("prefixes", List.of("shop.example/a/")));
        assertThat(CloudflareBodies.of(EdgePurge.tags(List.of("products", "product:42")), 30))
                .containsExactly(Map.of("tags", List.of("products", "product:42")));
        assertThat(CloudflareBodies.of(EdgePurge.EVERYTHING, 30)).containsExactly(Map.of("purge_everything", true));
    }

    @Test
    void largePurgesAreSplitInOrder() {
        EdgePurge tags = EdgePurge.tags(List.of("a", "b", "c", "d", "e"));

        assertThat(CloudflareBodies.of(tags, 2)).containsExactly(Map.of("tags", List.of("a", "b")), Map.of("tags", List.of("c", "d")),
                Map.of("tags", List.of("e")));
        assertThat(CloudflareBodies.of(tags, 5)).hasSize(1);
    }

    @Test
    void anItemNamedTwiceIsSentOnce() {
        assertThat(EdgePurge.tags(List.of("a", "b", "a")).items()).containsExactly("a", "b");
    }

    @Test
    void prefixesLoseTheSchemeTheQueryAndTheDefaultPort() {
        EdgePurge prefixes = EdgePurge.prefixes(List.of(URI.create("https://Shop.Example:443/api/./products/?lang=en"),
                URI.create("http://shop.example:8080/a/../b"), URI.create("http://user@shop.example:80"), URI.create("https://shop.example:80/x")));

        assertThat(prefixes.items()).containsExactly("shop.example/api/products/", "shop.example:8080/b", "shop.example/", "shop.example:80/x");
    }

    @Test
    void aPurgeNamesItemsUnlessItIsEverything() {
        assertThatThrownBy(() -> EdgePurge.tags(List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new EdgePurge(EdgePurge.Kind.EVERYTHING, List.of("a"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CloudflareBodies.of(EdgePurge.EVERYTHING, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
