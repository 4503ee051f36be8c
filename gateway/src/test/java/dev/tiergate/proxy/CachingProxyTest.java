package dev.tiergate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The gateway over real HTTP in front of origin-sim: hits, misses, validation, HEAD, invalidation. */
class CachingProxyTest extends GatewayTestBase {

    @Test
    void repeatedGetIsServedFromCacheAndReachesOriginOnce() throws Exception {
        HttpResponse<String> first = harness.get("/api/products/7");
        HttpResponse<String> second = harness.get("/api/products/7");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(first.headers().firstValue("Cache-Status")).hasValue("Tiergate; fwd=uri-miss; fwd-status=200; stored; ttl=30");
        assertThat(second.headers().firstValue("Cache-Status")).hasValue("Tiergate; hit; ttl=30; detail=fresh; tier=l1");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(harness.originCount("/api/products/7")).isEqualTo(1);
    }

    @Test
    void ageGrowsWithTimeSpentInCache() throws Exception {
        harness.get("/api/products/8");
        harness.clock.advance(Duration.ofSeconds(12));

        HttpResponse<String> later = harness.get("/api/products/8");

        assertThat(later.headers().firstValue("Age")).hasValue("12");
        assertThat(later.headers().firstValue("Cache-Status")).hasValue("Tiergate; hit; ttl=18; detail=fresh; tier=l1");
    }

    @Test
    void expiredEntryIsRevalidatedWithItsEtagAndFreshenedBy304() throws Exception {
        String target = "/sim/respond/revalidate?cache-control=max-age=10&etag=v1&body=fixed";
        harness.get(target);
        harness.clock.advance(Duration.ofSeconds(15));

        HttpResponse<String> revalidated = harness.get(target);
        HttpResponse<String> afterwards = harness.get(target);

        assertThat(revalidated.statusCode()).isEqualTo(200);
        assertThat(revalidated.headers().firstValue("Cache-Status")).hasValue("Tiergate; fwd=stale; fwd-status=304; stored; ttl=10; detail=stale; tier=l1");
        assertThat(afterwards.headers().firstValue("Cache-Status")).hasValue("Tiergate; hit; ttl=10; detail=fresh; tier=l1");
        assertThat(harness.originCount(target)).isEqualTo(2);
    }

    @Test
    void clientValidatorIsAnsweredWith304FromCache() throws Exception {
        HttpResponse<String> first = harness.get("/api/products/9");
        String etag = first.headers().firstValue("ETag").orElseThrow();

        HttpResponse<String> conditional = harness.get("/api/products/9", "If-None-Match", etag);

        assertThat(conditional.statusCode()).isEqualTo(304);
        assertThat(conditional.body()).isEmpty();
        assertThat(conditional.headers().firstValue("ETag")).hasValue(etag);
        assertThat(harness.originCount("/api/products/9")).isEqualTo(1);
    }

    @Test
    void headIsAnsweredFromStoredGet() throws Exception {
        HttpResponse<String> get = harness.get("/api/products/10");
        HttpResponse<String> head = harness.send("HEAD", "/api/products/10");

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(head.headers().firstValue("Content-Length")).hasValue(Integer.toString(get.body().length()));
        assertThat(head.headers().firstValue("Cache-Status").orElseThrow()).startsWith("Tiergate; hit");
        assertThat(harness.originCount("/api/products/10")).isEqualTo(1);
    }

    @Test
    void varyKeepsOneVariantPerLanguage() throws Exception {
        HttpResponse<String> english = harness.get("/api/products/11", "Accept-Language", "en");
        HttpResponse<String> french = harness.get("/api/products/11", "Accept-Language", "fr");
        HttpResponse<String> frenchAgain = harness.get("/api/products/11", "Accept-Language", "fr");

        assertThat(french.body()).isNotEqualTo(english.body());
        assertThat(french.headers().firstValue("Cache-Status")).hasValue("Tiergate; fwd=vary-miss; fwd-status=200; stored; ttl=30");
        assertThat(frenchAgain.body()).isEqualTo(french.body());
        assertThat(frenchAgain.headers().firstValue("Cache-Status").orElseThrow()).startsWith("Tiergate; hit");
        assertThat(harness.originCount("/api/products/11")).isEqualTo(2);
    }

    @Test
    void successfulPostInvalidatesTheTargetUri() throws Exception {
        harness.get("/api/products/12");
        HttpResponse<String> post = harness.send("PUT", "/api/products/12");
        HttpResponse<String> after = harness.get("/api/products/12");

        assertThat(post.statusCode()).isLessThan(300);
        assertThat(post.headers().firstValue("Cache-Status")).hasValue("Tiergate; fwd=method; fwd-status=" + post.statusCode() + "; detail=method");
        assertThat(after.headers().firstValue("Cache-Status").orElseThrow()).startsWith("Tiergate; fwd=uri-miss");
        assertThat(harness.originCount("/api/products/12")).isEqualTo(3);
    }

    @Test
    void routeOverrideTtlCachesWhatTheOriginLeftWithoutFreshness() throws Exception {
        String target = "/sim/respond/pinned/a?body=fixed";
        harness.get(target);
        HttpResponse<String> second = harness.get(target);

        assertThat(second.headers().firstValue("Cache-Status")).hasValue("Tiergate; hit; ttl=120; detail=fresh; tier=l1");
        assertThat(harness.originCount(target)).isEqualTo(1);
    }

    @Test
    void bypassRouteAlwaysGoesToOrigin() throws Exception {
        harness.get("/api/account");
        HttpResponse<String> second = harness.get("/api/account");

        assertThat(second.headers().firstValue("Cache-Status")).hasValue("Tiergate; fwd=bypass; fwd-status=200; detail=route-bypass");
        assertThat(harness.originCount("/api/account")).isEqualTo(2);
    }

    @Test
    void onlyIfCachedWithNothingStoredIs504() throws Exception {
        HttpResponse<String> response = harness.get("/api/products/13", "Cache-Control", "only-if-cached");

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(harness.originCount("/api/products/13")).isZero();
    }

    @Test
    void requestNoCacheRevalidatesEvenAFreshEntry() throws Exception {
        harness.get("/api/products/14");
        HttpResponse<String> forced = harness.get("/api/products/14", "Cache-Control", "no-cache");

        assertThat(forced.headers().firstValue("Cache-Status")).hasValue("Tiergate; fwd=request; fwd-status=304; stored; ttl=30; detail=request-no-cache; tier=l1");
        assertThat(harness.originCount("/api/products/14")).isEqualTo(2);
    }
}
