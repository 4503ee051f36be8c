package dev.tiergate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** RFC 5861: stale-while-revalidate and stale-if-error against a real, misbehaving origin. */
class StaleServingTest extends GatewayTestBase {

    @Test
    void staleWhileRevalidateServesAtOnceAndRefreshesOnceInBackground() throws Exception {
        String target = "/sim/respond/swr?cache-control=max-age=10,stale-while-revalidate=60";
        HttpResponse<String> original = harness.get(target);
        harness.clock.advance(Duration.ofSeconds(15));
        // While the origin hangs, a client that had to wait for it would not get an answer at all.
        harness.originMode("fault=hang");

        HttpResponse<String> first = harness.get(target);
        HttpResponse<String> second = harness.get(target);
        HttpResponse<String> third = harness.get(target);

        assertThat(first.body()).isEqualTo(original.body());
        assertThat(first.headers().firstValue("Cache-Status")).hasValue("Tiergate; hit; ttl=-5; detail=stale-while-revalidate; tier=l1");
        assertThat(first.headers().firstValue("Age")).hasValue("15");
        assertThat(second.body()).isEqualTo(original.body());
        assertThat(third.body()).isEqualTo(original.body());
        // One refresh reached the origin (and hangs there); the other stale hits did not start more.
        assertThat(harness.originCount(target)).isEqualTo(2);
    }

    @Test
    void backgroundRefreshReplacesTheStaleEntry() throws Exception {
        String target = "/sim/respond/swr-refresh?cache-control=max-age=10,stale-while-revalidate=60";
        HttpResponse<String> original = harness.get(target);
        harness.clock.advance(Duration.ofSeconds(15));

        harness.get(target);
        HttpResponse<String> refreshed = awaitBodyChange(target, original.body());

        assertThat(refreshed.headers().firstValue("Cache-Status")).hasValue("Tiergate; hit; ttl=10; detail=fresh; tier=l1");
        assertThat(harness.originCount(target)).isEqualTo(2);
    }

    @Test
    void staleIfErrorServesStaleWhenOriginAnswers503() throws Exception {
        String target = "/sim/respond/sie?cache-control=max-age=10,stale-if-error=300";
        HttpResponse<String> original = harness.get(target);
        harness.clock.advance(Duration.ofSeconds(60));
        harness.originMode("fault=status&status=503");

        HttpResponse<String> stale = harness.get(target);

        assertThat(stale.statusCode()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo(original.body());
        assertThat(stale.headers().firstValue("Cache-Status")).hasValue("Tiergate; fwd=stale; fwd-status=503; ttl=-50; detail=stale-if-error; tier=l1");
    }

    @Test
    void staleIfErrorServesStaleWhenOriginIsDownAndFailsOutsideTheWindow() throws Exception {
        String target = "/sim/respond/down?cache-control=max-age=10,stale-if-error=300";
        HttpResponse<String> original = harness.get(target);
        harness.origin.close().await();
        harness.clock.advance(Duration.ofSeconds(60));

        HttpResponse<String> inside = harness.get(target);
        harness.clock.advance(Duration.ofSeconds(300));
        HttpResponse<String> outside = harness.get(target);

        assertThat(inside.statusCode()).isEqualTo(200);
        assertThat(inside.body()).isEqualTo(original.body());
        assertThat(inside.headers().firstValue("Cache-Status")).hasValue("Tiergate; fwd=stale; ttl=-50; detail=stale-if-error; tier=l1");
        assertThat(outside.statusCode()).isEqualTo(502);
        // Past its last stale window the entry has left L1 as well.
        assertThat(outside.headers().firstValue("Cache-Status")).hasValue("Tiergate; fwd=uri-miss; detail=origin-unreachable");
    }

    @Test
    void mustRevalidateForbidsStaleIfError() throws Exception {
        String target = "/sim/respond/strict?cache-control=max-age=10,must-revalidate,stale-if-error=300";
        harness.get(target);
        harness.clock.advance(Duration.ofSeconds(60));
        harness.originMode("fault=status&status=503");

        HttpResponse<String> response = harness.get(target);

        assertThat(response.statusCode()).isEqualTo(503);
    }

    /** Polls until the background refresh has been stored; it completes without the test clock moving. */
    private HttpResponse<String> awaitBodyChange(String target, String oldBody) throws Exception {
        for (int attempt = 0; attempt < 200; attempt++) {
            HttpResponse<String> response = harness.get(target);
            if (!response.body().equals(oldBody)) {
                return response;
            }
            Thread.onSpinWait();
        }
        throw new AssertionError("the background refresh never replaced the stale entry");
    }
}
