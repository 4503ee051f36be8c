package dev.tiergate.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Header hygiene towards the origin, including the cache-poisoning defence. */
class ForwardingHeadersTest {

    private static final Headers CLIENT = Headers.of("Host", "shop.example", "Accept-Language", "fr", "X-Forwarded-Host", "evil.example",
            "X-Original-URL", "/admin", "X-Device", "mobile", "Cookie", "session=abc; currency=EUR", "Connection", "X-Hop",
            "X-Hop", "1", "Authorization", "Bearer t");

    @Test
    void cacheableFetchDropsUnkeyedFieldsThatCouldChangeASharedResponse() {
        Headers kept = ForwardingHeaders.keepForCache(CLIENT, Set.of(), List.of());

        assertThat(kept.contains("X-Original-URL")).isFalse();
        assertThat(kept.contains("X-Device")).isFalse();
        assertThat(kept.contains("Cookie")).isFalse();
        assertThat(kept.first("Accept-Language")).hasValue("fr");
        assertThat(kept.first("Authorization")).hasValue("Bearer t");
    }

    @Test
    void keyedFieldsAndKeyedCookiesAreForwarded() {
        Headers kept = ForwardingHeaders.keepForCache(CLIENT, Set.of("x-device"), List.of("currency"));

        assertThat(kept.first("X-Device")).hasValue("mobile");
        assertThat(kept.first("Cookie")).hasValue("currency=EUR");
    }

    @Test
    void routeMayForwardEveryCookie() {
        assertThat(ForwardingHeaders.keepForCache(CLIENT, Set.of("cookie"), List.of()).first("Cookie")).hasValue("session=abc; currency=EUR");
    }

    @Test
    void cacheableFetchSetsForwardedHostFromTheKeyedHostNotTheClientsClaim() {
        Headers toOrigin = ForwardingHeaders.toOrigin(CLIENT, "10.0.0.1", "http", "origin:8081", true);

        assertThat(toOrigin.first("X-Forwarded-Host")).hasValue("shop.example");
        assertThat(toOrigin.first("Host")).hasValue("origin:8081");
        assertThat(toOrigin.first("X-Forwarded-For")).hasValue("10.0.0.1");
        assertThat(toOrigin.contains("X-Hop")).isFalse();
        assertThat(toOrigin.first("Via")).hasValue("1.1 tiergate");
    }

    @Test
    void passThroughKeepsAForwardedHostSetUpstream() {
        assertThat(ForwardingHeaders.toOrigin(CLIENT, "10.0.0.1", "http", "origin:8081", false).first("X-Forwarded-Host"))
                .hasValue("evil.example");
    }

    @Test
    void wildcardForwardsEveryField() {
        assertThat(ForwardingHeaders.keepForCache(CLIENT, Set.of("*"), List.of())).isEqualTo(CLIENT);
    }
}
