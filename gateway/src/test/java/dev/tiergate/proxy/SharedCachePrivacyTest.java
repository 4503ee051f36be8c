package dev.tiergate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Responses meant for one client never reach a second one, unless RFC 9111 allows sharing. */
class SharedCachePrivacyTest extends GatewayTestBase {

    @Test
    void privateResponseIsNotShared() throws Exception {
        assertNotShared("/api/users/5/timeline", "private");
    }

    @Test
    void noStoreResponseIsNotShared() throws Exception {
        assertNotShared("/sim/respond/nostore?cache-control=no-store,max-age=60", "no-store");
    }

    @Test
    void setCookieResponseIsNotShared() throws Exception {
        assertNotShared("/sim/respond/cookie?cache-control=public,max-age=60&set-cookie=session%3Dabc", "set-cookie");
    }

    @Test
    void authorizedRequestIsNotSharedWithoutExplicitPermission() throws Exception {
        String target = "/sim/respond/auth?cache-control=max-age=60";
        HttpResponse<String> first = harness.get(target, "Authorization", "Bearer alice");
        HttpResponse<String> second = harness.get(target);

        assertThat(first.headers().firstValue("Cache-Status").orElseThrow()).contains("detail=authorization");
        assertThat(second.body()).isNotEqualTo(first.body());
        assertThat(harness.originCount(target)).isEqualTo(2);
    }

    @Test
    void authorizedRequestIsSharedWhenTheResponseSaysPublic() throws Exception {
        // RFC 9111 §3.5: public, s-maxage or must-revalidate explicitly allow a shared cache to reuse it.
        String target = "/sim/respond/auth-public?cache-control=public,max-age=60";
        harness.get(target, "Authorization", "Bearer alice");
        HttpResponse<String> second = harness.get(target);

        assertThat(second.headers().firstValue("Cache-Status").orElseThrow()).startsWith("Tiergate; hit");
        assertThat(harness.originCount(target)).isEqualTo(1);
    }

    private void assertNotShared(String target, String reason) throws Exception {
        HttpResponse<String> first = harness.get(target);
        HttpResponse<String> second = harness.get(target);

        assertThat(first.headers().firstValue("Cache-Status").orElseThrow()).contains("detail=" + reason);
        assertThat(second.headers().firstValue("Cache-Status").orElseThrow()).doesNotContain("hit");
        assertThat(second.headers().firstValue("Set-Cookie")).isEqualTo(first.headers().firstValue("Set-Cookie").isPresent()
                ? second.headers().firstValue("Set-Cookie") : java.util.Optional.empty());
        assertThat(harness.originCount(target)).isEqualTo(2);
    }
}
