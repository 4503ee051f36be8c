package dev.tiergate.guard;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.http.Headers;
import dev.tiergate.policy.RateLimitSpec;
import dev.tiergate.policy.RateLimitSpec.By;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RateLimitHeadersTest {

    private static final RateLimitSpec PER_MINUTE = new RateLimitSpec(100, Duration.ofMinutes(1), 100, By.CLIENT_IP, null);

    @Test
    void allowedRequestGetsPolicyAndRemaining() {
        Headers headers = RateLimitHeaders.of(PER_MINUTE, "api", new RateLimitDecision(true, 100, 42, 0, 35));

        assertThat(headers).isEqualTo(Headers.of(
                "RateLimit-Policy", "\"api\";q=100;w=60",
                "RateLimit", "\"api\";r=42;t=35"));
    }

    @Test
    void refusalAddsRetryAfter() {
        Headers headers = RateLimitHeaders.of(PER_MINUTE, "api", new RateLimitDecision(false, 100, 0, 1, 60));

        assertThat(headers).isEqualTo(Headers.of(
                "RateLimit-Policy", "\"api\";q=100;w=60",
                "RateLimit", "\"api\";r=0;t=60",
                "Retry-After", "1"));
    }

    @Test
    void windowIsTheTimeToRefillTheBurst() {
        RateLimitSpec burstier = new RateLimitSpec(10, Duration.ofSeconds(1), 50, By.CLIENT_IP, null);
        RateLimitSpec subSecond = new RateLimitSpec(10, Duration.ofSeconds(1), 5, By.CLIENT_IP, null);
        RateLimitSpec uneven = new RateLimitSpec(3, Duration.ofSeconds(10), 4, By.CLIENT_IP, null);
        RateLimitDecision decision = new RateLimitDecision(true, 50, 49, 0, 1);

        assertThat(RateLimitHeaders.of(burstier, "b", decision).first("RateLimit-Policy")).hasValue("\"b\";q=50;w=5");
        assertThat(RateLimitHeaders.of(subSecond, "b", decision).first("RateLimit-Policy")).hasValue("\"b\";q=5;w=1");
        assertThat(RateLimitHeaders.of(uneven, "b", decision).first("RateLimit-Policy")).hasValue("\"b\";q=4;w=14");
    }

    @Test
    void routeNameIsAValidStructuredFieldString() {
        Headers headers = RateLimitHeaders.of(PER_MINUTE, "we\"ird\\näme", new RateLimitDecision(true, 100, 1, 0, 1));

        assertThat(headers.first("RateLimit")).hasValue("\"we\\\"ird\\\\n?me\";r=1;t=1");
    }

    @Test
    void headersFromALimiterDecision() {
        RateLimiter limiter = new RateLimiter(java.time.InstantSource.fixed(java.time.Instant.parse("2025-06-01T00:00:00Z")));
        RateLimitSpec spec = new RateLimitSpec(2, Duration.ofSeconds(10), 2, By.CLIENT_IP, null);
        limiter.tryConsume("r", spec, "c");
        limiter.tryConsume("r", spec, "c");

        Headers headers = RateLimitHeaders.of(spec, "r", limiter.tryConsume("r", spec, "c"));

        assertThat(headers).isEqualTo(Headers.of(
                "RateLimit-Policy", "\"r\";q=2;w=10",
                "RateLimit", "\"r\";r=0;t=10",
                "Retry-After", "5"));
    }
}
