package dev.tiergate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ByteSizesTest {

    @Test
    void aBareNumberIsBytes() {
        assertThat(ByteSizes.parse("512")).contains(512L);
        assertThat(ByteSizes.parse("512B")).contains(512L);
    }

    @Test
    void binaryUnitsArePowersOf1024() {
        assertThat(ByteSizes.parse("64KiB")).contains(64L * 1024);
        assertThat(ByteSizes.parse("8MiB")).contains(8L * 1024 * 1024);
        assertThat(ByteSizes.parse("1GiB")).contains(1024L * 1024 * 1024);
    }

    @Test
    void decimalUnitsArePowersOf1000() {
        assertThat(ByteSizes.parse("64KB")).contains(64_000L);
        assertThat(ByteSizes.parse("8MB")).contains(8_000_000L);
        assertThat(ByteSizes.parse("1GB")).contains(1_000_000_000L);
    }

    @Test
    void spaceBetweenNumberAndUnitAndAroundIsAllowed() {
        assertThat(ByteSizes.parse(" 8 MiB ")).contains(8L * 1024 * 1024);
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1", "8mib", "8M", "1.5MiB", "MiB", "", "8 TiB", "0x10"})
    void anythingElseIsRefused(String text) {
        assertThat(ByteSizes.parse(text)).isEmpty();
    }

    @Test
    void aSizeBeyondALongIsRefusedInsteadOfWrappingAround() {
        assertThat(ByteSizes.parse("999999999999GiB")).isEmpty();
        assertThat(ByteSizes.parse("8589934591GiB")).contains(Long.MAX_VALUE - (1L << 30) + 1);
        assertThat(ByteSizes.parse("8589934592GiB")).isEmpty();
    }
}
