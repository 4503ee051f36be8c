package dev.tiergate.originsim;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

class BuiltInApiTest extends OriginSimTestSupport {

    private static final String LAST_MODIFIED = "Mon, 01 Jan 2024 00:00:00 GMT";

    @Test
    void productListIsPubliclyCacheableWithStaleDirectivesAndSurrogateKey() throws Exception {
        HttpResponse<String> response = get("/api/products");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "Cache-Control"))
                .isEqualTo("public, max-age=60, stale-while-revalidate=30, stale-if-error=300");
        assertThat(header(response, "Surrogate-Key")).isEqualTo("products");
        assertThat(header(response, "Content-Type")).isEqualTo("application/json");
        assertThat(new JsonArray(response.body())).hasSize(20);
    }

    @Test
    void productCarriesValidatorsDateAndCacheHeaders() throws Exception {
        HttpResponse<String> response = get("/api/products/42");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "ETag"))
                .isEqualTo(EntityTags.strongFor(response.body()))
                .matches("\"[0-9a-f]{16}\"");
        assertThat(header(response, "Last-Modified")).isEqualTo(LAST_MODIFIED);
        assertThat(HttpDates.parse(header(response, "Date"))).isPresent();
        assertThat(header(response, "Cache-Control"))
                .isEqualTo("public, max-age=30, stale-while-revalidate=60");
        assertThat(header(response, "Surrogate-Key")).isEqualTo("products product:42");
        assertThat(header(response, "Vary")).isEqualTo("Accept-Language");
        assertThat(new JsonObject(response.body()).getInteger("id")).isEqualTo(42);
    }

    @Test
    void matchingIfNoneMatchYieldsNotModifiedWithCacheHeadersAndNoBody() throws Exception {
        String etag = header(get("/api/products/42"), "ETag");

        HttpResponse<String> response = get("/api/products/42", "If-None-Match", etag);

        assertThat(response.statusCode()).isEqualTo(304);
        assertThat(response.body()).isEmpty();
        assertThat(header(response, "ETag")).isEqualTo(etag);
        assertThat(header(response, "Cache-Control"))
                .isEqualTo("public, max-age=30, stale-while-revalidate=60");
        assertThat(header(response, "Vary")).isEqualTo("Accept-Language");
        assertThat(header(response, "Date")).isNotNull();
        assertThat(response.headers().firstValue("Content-Type")).isEmpty();
    }

    @Test
    void ifNoneMatchUsesWeakComparisonOverAList() throws Exception {
        String etag = header(get("/api/products/42"), "ETag");

        HttpResponse<String> response =
                get("/api/products/42", "If-None-Match", "\"other\", W/" + etag);

        assertThat(response.statusCode()).isEqualTo(304);
    }

    @Test
    void ifNoneMatchStarMatchesAnyCurrentRepresentation() throws Exception {
        assertThat(get("/api/products/42", "If-None-Match", "*").statusCode()).isEqualTo(304);
    }

    @Test
    void staleEtagGetsTheFullResponse() throws Exception {
        HttpResponse<String> response = get("/api/products/42", "If-None-Match", "\"0000000000000000\"");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isNotEmpty();
    }

    @Test
    void ifModifiedSinceAtOrAfterLastModifiedYieldsNotModified() throws Exception {
        assertThat(get("/api/products", "If-Modified-Since", LAST_MODIFIED).statusCode()).isEqualTo(304);
        assertThat(get("/api/products", "If-Modified-Since", "Tue, 02 Jan 2024 00:00:00 GMT").statusCode())
                .isEqualTo(304);
    }

    @Test
    void ifModifiedSinceBeforeLastModifiedGetsTheFullResponse() throws Exception {
        HttpResponse<String> response =
                get("/api/products", "If-Modified-Since", "Sun, 31 Dec 2023 23:59:59 GMT");

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void malformedIfModifiedSinceIsIgnored() throws Exception {
        assertThat(get("/api/products", "If-Modified-Since", "yesterday-ish").statusCode()).isEqualTo(200);
    }

    @Test
    void ifNoneMatchTakesPrecedenceOverIfModifiedSince() throws Exception {
        HttpResponse<String> response =
                get("/api/products", "If-None-Match", "\"nope\"", "If-Modified-Since", LAST_MODIFIED);

        assertThat(response.statusCode()).isEqualTo(200);
    }

    @Test
    void productNameFollowsAcceptLanguageAndEachLanguageHasItsOwnEtag() throws Exception {
        HttpResponse<String> english = get("/api/products/1", "Accept-Language", "en-GB");
        HttpResponse<String> french = get("/api/products/1", "Accept-Language", "fr-CH, en;q=0.5");
        HttpResponse<String> german = get("/api/products/1", "Accept-Language", "de");

        assertThat(new JsonObject(english.body()).getString("name")).startsWith("Desk Lamp");
        assertThat(new JsonObject(french.body()).getString("name")).startsWith("Lampe de bureau");
        assertThat(new JsonObject(german.body()).getString("name")).startsWith("Schreibtischlampe");
        assertThat(header(french, "Content-Language")).isEqualTo("fr");
        assertThat(header(english, "ETag")).isNotEqualTo(header(french, "ETag"));
    }

    @Test
    void unknownProductIsNotFoundAndBrieflyCacheable() throws Exception {
        for (String id : new String[] {"1001", "0", "abc"}) {
            HttpResponse<String> response = get("/api/products/" + id);

            assertThat(response.statusCode()).as(id).isEqualTo(404);
            assertThat(header(response, "Cache-Control")).isEqualTo("public, max-age=10");
            assertThat(new JsonObject(response.body()).getInteger("status")).isEqualTo(404);
        }
    }

    @Test
    void timelineIsPrivateAndAboutTheRequestedUser() throws Exception {
        HttpResponse<String> response = get("/api/users/u-77/timeline");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(header(response, "Cache-Control")).isEqualTo("private, max-age=30");
        assertThat(new JsonObject(response.body()).getString("userId")).isEqualTo("u-77");
        assertThat(response.body()).contains("User u-77 posted");
    }

    @Test
    void accountIsNoStoreAndStartsASession() throws Exception {
        HttpResponse<String> response = get("/api/account");

        assertThat(header(response, "Cache-Control")).isEqualTo("no-store");
        assertThat(header(response, "Set-Cookie")).startsWith("session=");
    }

    @Test
    void staticAssetsAreImmutableDeterministicAndTypedByExtension() throws Exception {
        HttpResponse<String> css = get("/static/css/site.css");
        HttpResponse<String> again = get("/static/css/site.css");

        assertThat(header(css, "Cache-Control")).isEqualTo("public, max-age=86400, immutable");
        assertThat(header(css, "Content-Type")).startsWith("text/css");
        assertThat(css.body()).isEqualTo(again.body()).contains("/static/css/site.css");
        assertThat(header(css, "ETag")).isEqualTo(header(again, "ETag"));
        assertThat(header(get("/static/app.js"), "Content-Type")).startsWith("text/javascript");
        assertThat(header(get("/static/img/logo.png"), "Content-Type")).isEqualTo("image/png");
        assertThat(header(get("/static/readme.txt"), "Content-Type")).startsWith("text/plain");
        assertThat(header(get("/static/blob.bin"), "Content-Type")).isEqualTo("application/octet-stream");
    }

    @Test
    void pngAssetIsARealImage() throws Exception {
        HttpResponse<byte[]> response =
                http.send(request("/static/logo.png").build(), HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.body()).startsWith((byte) 0x89, (byte) 'P', (byte) 'N', (byte) 'G');
    }

    @Test
    void headAnswersWithGetMetadataAndNoBody() throws Exception {
        HttpResponse<String> get = get("/api/products");
        HttpResponse<String> head =
                send(request("/api/products").method("HEAD", HttpRequest.BodyPublishers.noBody()));

        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.body()).isEmpty();
        assertThat(header(head, "ETag")).isEqualTo(header(get, "ETag"));
        assertThat(header(head, "Content-Length")).isEqualTo(Integer.toString(get.body().getBytes("UTF-8").length));
    }

    @Test
    void updatesAreAcceptedAndNeverStored() throws Exception {
        HttpResponse<String> put =
                send(request("/api/products/3").PUT(HttpRequest.BodyPublishers.ofString("{\"price\":1}")));
        HttpResponse<String> patch = send(
                request("/api/products/3").method("PATCH", HttpRequest.BodyPublishers.ofString("{}")));
        HttpResponse<String> delete = send(request("/api/products/3").DELETE());

        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(new JsonObject(put.body()).getInteger("receivedBytes")).isEqualTo(11);
        assertThat(header(put, "Cache-Control")).isEqualTo("no-store");
        assertThat(patch.statusCode()).isEqualTo(200);
        assertThat(delete.statusCode()).isEqualTo(204);
        assertThat(header(delete, "Cache-Control")).isEqualTo("no-store");
    }

    @Test
    void creatingAProductAnswersCreatedWithAFetchableLocation() throws Exception {
        HttpResponse<String> created =
                send(request("/api/products").POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"x\"}")));

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(header(created, "Cache-Control")).isEqualTo("no-store");
        String location = header(created, "Location");
        assertThat(location).startsWith("/api/products/");
        assertThat(get(location).statusCode()).isEqualTo(200);
    }

    @Test
    void unknownPathIsNotFound() throws Exception {
        assertThat(get("/nothing/here").statusCode()).isEqualTo(404);
    }
}
