package dev.tiergate.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.cache.VariantSet;
import dev.tiergate.http.CacheControl;
import dev.tiergate.http.Headers;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SharedNamesTest {

    private static VariantSet entry(String name) {
        // A name built at run time, as a response parser builds it: never the literal's instance.
        String own = new String(name.toCharArray());
        return VariantSet.of(Samples.response("body", Headers.of(own, "v"), CacheControl.EMPTY, List.of(), "", Set.of()));
    }

    private static String name(VariantSet set) {
        return set.variants().get(0).headers().entries().get(0).getKey();
    }

    @Test
    void entriesWithTheSameFieldShareOneInstanceOfItsName() {
        SharedNames names = new SharedNames(16);
        VariantSet first = names.compact(entry("Content-Type"));
        VariantSet second = names.compact(entry("Content-Type"));
        assertThat(name(second)).isSameAs(name(first));
        assertThat(names.isShared(name(first))).isTrue();
    }

    @Test
    void keepsEverythingButTheNamesAndReturnsTheSameSetWhenNothingChanges() {
        SharedNames names = new SharedNames(16);
        VariantSet compacted = names.compact(entry("ETag"));
        Samples.assertSameVariants(compacted, entry("ETag"));
        assertThat(names.compact(compacted)).isSameAs(compacted);
    }

    @Test
    void anOriginInventingNamesCannotGrowTheTablePastItsBound() {
        SharedNames names = new SharedNames(4);
        for (int i = 0; i < 100; i++) {
            names.compact(entry("X-Unique-" + i));
        }
        VariantSet late = entry("X-Late");
        assertThat(names.compact(late)).isSameAs(late);
        assertThat(names.isShared(name(late))).isFalse();
    }
}
