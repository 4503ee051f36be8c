package dev.tiergate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * The name extractor and the export check that {@link OperatorFilesMetricsTest} relies on, on fixtures: a rule that
 * names a series nobody exports, or takes buckets from a summary, is reported.
 */
class OperatorFilesNamesTest {

    private static final Path FIXTURES = Path.of("src", "test", "resources", "operator-files");

    @Test
    void namesAreTheSeriesReadNotFunctionsLabelsKeywordsOrVariables() {
        assertThat(PromqlNames.of("histogram_quantile(0.99, sum by (le, route) "
                + "(rate(tiergate_request_duration_seconds_bucket{outcome=~\"l1-hit|stale\",route=~\"$route\"}[$__rate_interval])))"))
                .containsExactly("tiergate_request_duration_seconds_bucket");
        assertThat(PromqlNames.of("a_total / ignoring (result) group_left (route) b_total offset 1h and on(job) c > bool 2e3"))
                .containsExactly("a_total", "b_total", "c");
        assertThat(PromqlNames.of("sum(rate(x_total{job=~\"${job}\"}[5m])) by (route) unless vector(0) or time() - y_seconds"))
                .containsExactly("x_total", "y_seconds");
        assertThat(PromqlNames.of("tiergate:hit_ratio:rate5m < 0.75 * (tiergate:hit_ratio:rate5m offset 1h)"))
                .containsExactly("tiergate:hit_ratio:rate5m");
    }

    @Test
    void aRuleNamingASeriesThatIsNotExportedIsReported() throws Exception {
        OperatorFiles.Rules rules = OperatorFiles.rules(FIXTURES.resolve("rules-fixture.yml"));
        Scrape scrape = Scrape.of(Files.readString(FIXTURES.resolve("scrape-fixture.txt")));

        assertThat(rules.recorded()).containsExactly("fixture:hit_ratio:rate5m");
        assertThat(OperatorFiles.missing(rules.expressions(), rules.recorded(), scrape)).containsExactly(
                "fixture/NamesASeriesNobodyExports: tiergate_l1_evictions_by_size_total",
                "fixture/TakesBucketsFromASummary: tiergate_origin_latency_seconds_bucket");
    }

    @Test
    void suffixesAreStrippedOnlyWhereTheFamilyHasThem() {
        Scrape scrape = Scrape.of("""
                # TYPE h_seconds histogram
                h_seconds_bucket{le="+Inf"} 1
                h_seconds_count 1
                h_seconds_sum 0.5
                # TYPE s_seconds summary
                s_seconds_count 1
                s_seconds_sum 0.5
                # TYPE c_total counter
                c_total 1.0
                """);

        assertThat(scrape.exports("h_seconds_bucket")).isTrue();
        assertThat(scrape.exports("h_seconds_count")).isTrue();
        assertThat(scrape.exports("s_seconds_sum")).isTrue();
        assertThat(scrape.exports("c_total")).isTrue();
        assertThat(scrape.exports("s_seconds_bucket")).isFalse();
        assertThat(scrape.exports("h_seconds")).as("a histogram's family name is no series").isFalse();
        assertThat(scrape.exports("c")).isFalse();
    }
}
