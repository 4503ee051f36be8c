package dev.tiergate.originsim;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProgrammableResponseTest extends OriginSimTestSupport {

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void defaultsToPlainTextOkWhoseBodyChangesOnEveryFetch() throws Exception {
        HttpResponse<String> first = get("/sim/respond?x=1");
        HttpResponse<String> second = get("/sim/respond?x=1");

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(header(first, "Content-Type")).startsWith("text/plain");
        assertThat(first.body()).contains("/sim/respond?x=1").contains("#1");
        assertThat(second.body()).contains("#2");
    }

    @Test
    void bodyFixedKeepsTheDefaultBodyConstant() throws Exception {
        String first = get("/sim/respond?body=fixed").body();

        assertThat(get("/sim/respond?body=fixed").body()).isEqualTo(first);
    }

    @Test
    void literalBodyAndContentTypeAreSentAsGiven() throws Exception {
        HttpResponse<String> response =
                get("/sim/respond?body=" + enc("{\"a\":1}") + "&content-type=" + enc("application/json"));

        assertThat(response.body()).isEqualTo("{\"a\":1}");
        assertThat(header(response, "Content-Type")).isEqualTo("application/json");
    }

    @Test
    void sizeProducesADeterministicBodyOfExactlyThatLength() throws Exception {
        HttpResponse<String> response = get("/sim/respond?size=5000");

        assertThat(response.body()).hasSize(5000).isEqualTo(get("/sim/respond?size=5000").body());
    }

    @Test
    void statusAndCacheHeadersComeFromTheQuery() throws Exception {
        HttpResponse<String> response = get("/sim/respond/headers?status=203"
                + "&cache-control=" + enc("public, max-age=120")
                + "&cdn-cache-control=" + enc("max-age=600")
                + "&tiergate-cache-control=" + enc("max-age=30")
                + "&expires=" + enc("Thu, 01 Jan 2099 00:00:00 GMT")
                + "&pragma=no-cache"
                + "&vary=" + enc("Accept-Encoding, X-Tenant")
                + "&surrogate-key=" + enc("a b")
                + "&set-cookie=" + enc("k=v; Path=/")
                + "&last-modified=" + enc("Wed, 21 Oct 2015 07:28:00 GMT")
                + "&age=17"
                + "&location=/elsewhere");

        assertThat(response.statusCode()).isEqualTo(203);
        assertThat(header(response, "Cache-Control")).isEqualTo("public, max-age=120");
        assertThat(header(response, "CDN-Cache-Control")).isEqualTo("max-age=600");
        assertThat(header(response, "Tiergate-Cache-Control")).isEqualTo("max-age=30");
        assertThat(header(response, "Expires")).isEqualTo("Thu, 01 Jan 2099 00:00:00 GMT");
        assertThat(header(response, "Pragma")).isEqualTo("no-cache");
        assertThat(header(response, "Vary")).isEqualTo("Accept-Encoding, X-Tenant");
        assertThat(header(response, "Surrogate-Key")).isEqualTo("a b");
        assertThat(header(response, "Set-Cookie")).isEqualTo("k=v; Path=/");
        assertThat(header(response, "Last-Modified")).isEqualTo("Wed, 21 Oct 2015 07:28:00 GMT");
        assertThat(header(response, "Age")).isEqualTo("17");
        assertThat(header(response, "Location")).isEqualTo("/elsewhere");
    }

    @Test
    void extraHeadersAreRepeatableAndCanOverrideDefaults() throws Exception {
        HttpResponse<String> response = get("/sim/respond?header=" + enc("X-Team: cache")
                + "&header=" + enc("X-Team:edge") + "&header=" + enc("Content-Type:text/csv"));

        assertThat(response.headers().allValues("X-Team")).containsExactly("cache", "edge");
        assertThat(header(response, "Content-Type")).isEqualTo("text/csv");
    }

    @Test
    void statusWithoutBodySendsNoBody() throws Exception {
        HttpResponse<String> response = get("/sim/respond?status=204");

        assertThat(response.statusCode()).isEqualTo(204);
        assertThat(response.body()).isEmpty();
    }

    @Test
    void givenEtagIsQuotedAndAMatchingIfNoneMatchYieldsNotModified() throws Exception {
        String url = "/sim/respond/etag?etag=v1&cache-control=" + enc("max-age=60") + "&vary=Accept";

        HttpResponse<String> full = get(url);
        HttpResponse<String> revalidated = get(url, "If-None-Match", "\"v1\"");

        assertThat(header(full, "ETag")).isEqualTo("\"v1\"");
        assertThat(revalidated.statusCode()).isEqualTo(304);
        assertThat(revalidated.body()).isEmpty();
        assertThat(header(revalidated, "ETag")).isEqualTo("\"v1\"");
        assertThat(header(revalidated, "Cache-Control")).isEqualTo("max-age=60");
        assertThat(header(revalidated, "Vary")).isEqualTo("Accept");
        assertThat(countHeader(revalidated)).isEqualTo(2);
    }

    @Test
    void weakEtagKeepsItsPrefixAndMatchesWeakly() throws Exception {
        String url = "/sim/respond/weak?etag=" + enc("W/v2");

        assertThat(header(get(url), "ETag")).isEqualTo("W/\"v2\"");
        assertThat(get(url, "If-None-Match", "\"v2\"").statusCode()).isEqualTo(304);
    }

    @Test
    void autoEtagIsDerivedFromTheBody() throws Exception {
        HttpResponse<String> response = get("/sim/respond?etag=auto&body=fixed");

        assertThat(header(response, "ETag")).isEqualTo(EntityTags.strongFor(response.body()));
        assertThat(get("/sim/respond?etag=auto&body=fixed", "If-None-Match", header(response, "ETag"))
                .statusCode()).isEqualTo(304);
    }

    @Test
    void lastModifiedParameterEnablesIfModifiedSince() throws Exception {
        String url = "/sim/respond/lm?last-modified=" + enc("Wed, 21 Oct 2015 07:28:00 GMT");

        assertThat(get(url, "If-Modified-Since", "Wed, 21 Oct 2015 07:28:00 GMT").statusCode())
                .isEqualTo(304);
        assertThat(get(url, "If-Modified-Since", "Tue, 20 Oct 2015 07:28:00 GMT").statusCode())
                .isEqualTo(200);
    }

    @Test
    void errorStatusesAreNeverTurnedIntoNotModified() throws Exception {
        assertThat(get("/sim/respond?status=500&etag=e", "If-None-Match", "\"e\"").statusCode())
                .isEqualTo(500);
    }

    @Test
    void delayedResponseStillArrives() throws Exception {
        HttpResponse<String> response = get("/sim/respond/slow?delay_ms=50&body=late");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("late");
    }

    @Test
    void chunkedBodyArrivesWhole() throws Exception {
        HttpResponse<String> response = get("/sim/respond/chunks?chunked=true&size=1000&chunks=5&chunk_delay_ms=5");

        assertThat(response.body()).isEqualTo(FillerBody.ofSize(1000).toString());
        assertThat(response.headers().firstValue("Content-Length")).isEmpty();
    }

    @Test
    void anyPathUnderSimRespondAndAnyMethodWorks() throws Exception {
        HttpResponse<String> response = send(request("/sim/respond/deep/er/path?status=202&body=ok")
                .POST(HttpRequest.BodyPublishers.ofString("payload")));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.body()).isEqualTo("ok");
        assertThat(sim.requestCount("/sim/respond/deep/er/path?status=202&body=ok")).isEqualTo(1);
    }

    @Test
    void invalidParametersAreReportedAsBadRequest() throws Exception {
        HttpResponse<String> response = get("/sim/respond?delay_ms=soon");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("delay_ms");
    }
}
