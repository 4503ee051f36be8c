package dev.tiergate.http;

import static dev.tiergate.cache.Fixtures.NOW;
import static dev.tiergate.cache.Fixtures.ONE_DAY_AGO;
import static dev.tiergate.cache.Fixtures.ONE_HOUR_AGO;
import static dev.tiergate.cache.Fixtures.ONE_MINUTE_AGO;
import static dev.tiergate.cache.Fixtures.httpDate;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ConditionalsTest {

    private static final Headers STORED_WITH_ETAG = Headers.of("ETag", "\"abcdef\"", "Content-Length", "5");
    private static final Headers STORED_WITH_LAST_MODIFIED =
            Headers.of("Date", httpDate(ONE_MINUTE_AGO), "Last-Modified", httpDate(ONE_HOUR_AGO));

    private static boolean notModified(Headers stored, String... requestHeaders) {
        return Conditionals.notModified("GET", Headers.of(requestHeaders), 200, stored);
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"abcdef\"", "W/\"abcdef\"", "\"1234\", \"abcdef\", \"5678\"", "\"1234\",\"abcdef\"",
        " \"abcdef\" "})
    void ifNoneMatchUsesWeakComparison(String ifNoneMatch) {
        // RFC 9110 §13.1.2: If-None-Match uses the weak comparison function.
        assertThat(notModified(STORED_WITH_ETAG, "If-None-Match", ifNoneMatch)).isTrue();
    }

    @Test
    void weakStoredEtagMatchesStrongRequestTag() {
        assertThat(notModified(Headers.of("ETag", "W/\"abcdef\""), "If-None-Match", "\"abcdef\"")).isTrue();
    }

    @Test
    void ifNoneMatchListIsReadAcrossFieldLines() {
        assertThat(notModified(STORED_WITH_ETAG, "If-None-Match", "\"1234\"", "If-None-Match", "\"abcdef\"")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"\"abcdefg\"", "\"1234\", \"5678\"", "abcdef", "W/\"abc\""})
    void ifNoneMatchWithoutAMatchingTagIsNotSatisfied(String ifNoneMatch) {
        assertThat(notModified(STORED_WITH_ETAG, "If-None-Match", ifNoneMatch)).isFalse();
    }

    @Test
    void ifNoneMatchStarMatchesAnyStoredRepresentation() {
        // RFC 9110 §13.1.2: "*" is false (304) when a current representation exists, entity tag or not.
        assertThat(notModified(STORED_WITH_ETAG, "If-None-Match", "*")).isTrue();
        assertThat(notModified(STORED_WITH_LAST_MODIFIED, "If-None-Match", "*")).isTrue();
    }

    @Test
    void ifNoneMatchAgainstAResponseWithoutEtagIsNotSatisfied() {
        assertThat(notModified(STORED_WITH_LAST_MODIFIED, "If-None-Match", "\"abcdef\"")).isFalse();
    }

    @Test
    void ifNoneMatchTakesPrecedenceOverIfModifiedSince() {
        // RFC 9110 §13.2.2: If-Modified-Since is evaluated only when If-None-Match is absent.
        Headers stored = STORED_WITH_ETAG.toBuilder().add("Last-Modified", httpDate(ONE_DAY_AGO)).build();

        assertThat(notModified(stored, "If-None-Match", "\"other\"", "If-Modified-Since", httpDate(NOW))).isFalse();
        assertThat(notModified(stored, "If-None-Match", "\"abcdef\"", "If-Modified-Since", httpDate(ONE_DAY_AGO.minusSeconds(1))))
                .isTrue();
    }

    @Test
    void ifModifiedSinceIsSatisfiedWhenNotModifiedAfterTheDate() {
        // RFC 9110 §13.1.3: false (304) when the last modification is earlier than or equal to the date.
        assertThat(notModified(STORED_WITH_LAST_MODIFIED, "If-Modified-Since", httpDate(ONE_HOUR_AGO))).isTrue();
        assertThat(notModified(STORED_WITH_LAST_MODIFIED, "If-Modified-Since", httpDate(ONE_MINUTE_AGO))).isTrue();
        assertThat(notModified(STORED_WITH_LAST_MODIFIED, "If-Modified-Since", httpDate(ONE_DAY_AGO))).isFalse();
    }

    @Test
    void ifModifiedSinceAcceptsObsoleteDateForms() {
        assertThat(notModified(STORED_WITH_LAST_MODIFIED, "If-Modified-Since", "Wednesday, 31-Dec-25 23:00:00 GMT"))
                .isTrue();
    }

    @Test
    void invalidIfModifiedSinceIsIgnored() {
        assertThat(notModified(STORED_WITH_LAST_MODIFIED, "If-Modified-Since", "yesterday")).isFalse();
    }

    @Test
    void ifModifiedSinceUsesTheStoredDateWithoutLastModified() {
        // RFC 9111 §4.3.2: without Last-Modified, a cache SHOULD use the stored response's Date.
        Headers stored = Headers.of("Date", httpDate(ONE_MINUTE_AGO));

        assertThat(notModified(stored, "If-Modified-Since", httpDate(ONE_MINUTE_AGO))).isTrue();
        assertThat(notModified(stored, "If-Modified-Since", httpDate(ONE_HOUR_AGO))).isFalse();
        assertThat(notModified(Headers.EMPTY, "If-Modified-Since", httpDate(NOW))).isFalse();
    }

    @Test
    void onlyGetAndHeadOfA200AreAnsweredWith304() {
        Headers request = Headers.of("If-None-Match", "\"abcdef\"");

        assertThat(Conditionals.notModified("HEAD", request, 200, STORED_WITH_ETAG)).isTrue();
        assertThat(Conditionals.notModified("POST", request, 200, STORED_WITH_ETAG)).isFalse();
        assertThat(Conditionals.notModified("GET", request, 404, STORED_WITH_ETAG)).isFalse();
    }

    @Test
    void unconditionalRequestIsNotAnswered() {
        assertThat(notModified(STORED_WITH_ETAG)).isFalse();
        assertThat(Conditionals.isConditional(Headers.EMPTY)).isFalse();
        assertThat(Conditionals.isConditional(Headers.of("if-none-match", "*"))).isTrue();
        assertThat(Conditionals.isConditional(Headers.of("If-Modified-Since", httpDate(NOW)))).isTrue();
    }

    @Test
    void validatorsOfARevalidationComeFromTheStoredResponse() {
        // RFC 9111 §4.3.1.
        Headers stored = Headers.of("ETag", "W/\"v1\"", "Last-Modified", httpDate(ONE_DAY_AGO), "Date", httpDate(NOW));

        assertThat(Conditionals.validators(stored))
                .isEqualTo(Headers.of("If-None-Match", "W/\"v1\"", "If-Modified-Since", httpDate(ONE_DAY_AGO)));
        assertThat(Conditionals.validators(Headers.of("Date", httpDate(NOW)))).isEqualTo(Headers.EMPTY);
    }

    @Test
    void freshenReplacesStoredFieldsWithThoseOfThe304() {
        // RFC 9111 §3.2: each field of the 304 replaces the stored one; the others are kept.
        Headers stored = Headers.of(
                "Cache-Control", "max-age=1",
                "ETag", "\"v1\"",
                "Test-Header", "A",
                "Content-Type", "text/plain",
                "Link", "</a>",
                "Link", "</b>");
        Headers notModified = Headers.of("cache-control", "max-age=3600", "Test-Header", "B", "Link", "</c>");

        Headers freshened = Conditionals.freshen(stored, notModified);

        assertThat(freshened.all("Cache-Control")).containsExactly("max-age=3600");
        assertThat(freshened.all("Test-Header")).containsExactly("B");
        assertThat(freshened.all("Link")).containsExactly("</c>");
        assertThat(freshened.first("ETag")).contains("\"v1\"");
        assertThat(freshened.first("Content-Type")).contains("text/plain");
    }

    @Test
    void freshenKeepsTheFieldsThatDescribeTheStoredBody() {
        Headers stored = Headers.of("Content-Length", "5", "ETag", "\"v1\"");
        Headers notModified = Headers.of("Content-Length", "0", "Transfer-Encoding", "chunked", "ETag", "\"v1\"");

        Headers freshened = Conditionals.freshen(stored, notModified);

        assertThat(freshened.all("Content-Length")).containsExactly("5");
        assertThat(freshened.contains("Transfer-Encoding")).isFalse();
    }

    @Test
    void freshenKeepsTheContentCodingAndDigestOfTheStoredBody() {
        // The stored bytes stay as they are: a 304 that names another coding or digest must not relabel them
        // (cache-tests.fyi 304-etag-update-response-Content-Encoding, -Content-MD5).
        Headers stored = Headers.of("Content-Encoding", "gzip", "Content-MD5", "rL0Y20zC+Fzt72VPzMSk2A==", "ETag", "\"v1\"");
        Headers notModified = Headers.of("Content-Encoding", "br", "Content-MD5", "N7UdGUp1E+RbVvZSTy1R8g==",
                "ETag", "\"v1\"", "Cache-Control", "max-age=60");

        Headers freshened = Conditionals.freshen(stored, notModified);

        assertThat(freshened.all("Content-Encoding")).containsExactly("gzip");
        assertThat(freshened.all("Content-MD5")).containsExactly("rL0Y20zC+Fzt72VPzMSk2A==");
        assertThat(freshened.all("Cache-Control")).containsExactly("max-age=60");
    }

    @Test
    void freshenNeverCopiesPersonalStateOrAgeIntoTheSharedEntry() {
        Headers stored = Headers.of("ETag", "\"v1\"");
        Headers notModified = Headers.of("ETag", "\"v1\"", "Set-Cookie", "session=alice", "Set-Cookie2", "a=b",
                "Age", "30", "Date", httpDate(NOW));

        Headers freshened = Conditionals.freshen(stored, notModified);

        assertThat(freshened.entries()).extracting(Map.Entry::getKey).containsExactly("ETag", "Date");
    }

    @Test
    void notModifiedSelectsTheStoredResponseWithTheSameEntityTag() {
        // RFC 9111 §4.3.4.
        assertThat(Conditionals.notModifiedSelects(STORED_WITH_ETAG, Headers.of("ETag", "\"abcdef\""))).isTrue();
        assertThat(Conditionals.notModifiedSelects(STORED_WITH_ETAG, Headers.of("ETag", "\"other\""))).isFalse();
    }

    @Test
    void weakEntityTagOfA304SelectsByWeakComparison() {
        assertThat(Conditionals.notModifiedSelects(STORED_WITH_ETAG, Headers.of("ETag", "W/\"abcdef\""))).isTrue();
        assertThat(Conditionals.notModifiedSelects(Headers.of("ETag", "W/\"abcdef\""), Headers.of("ETag", "W/\"abcdef\"")))
                .isTrue();
    }

    @Test
    void strongEntityTagOfA304DoesNotSelectAWeakStoredTag() {
        // RFC 9111 §4.3.4: a strong validator selects only stored responses with "the same strong validator".
        assertThat(Conditionals.notModifiedSelects(Headers.of("ETag", "W/\"abcdef\""), Headers.of("ETag", "\"abcdef\"")))
                .isFalse();
    }

    @Test
    void entityTagOfA304DoesNotSelectAStoredResponseWithoutOne() {
        // RFC 9111 §4.3.4: "If none of the stored responses contain the same strong validator, then the cache MUST
        // NOT use the new response to update any stored responses."
        assertThat(Conditionals.notModifiedSelects(STORED_WITH_LAST_MODIFIED, Headers.of("ETag", "\"abcdef\"")))
                .isFalse();
    }

    @Test
    void lastModifiedOfA304SelectsByEquality() {
        assertThat(Conditionals.notModifiedSelects(STORED_WITH_LAST_MODIFIED,
                Headers.of("Last-Modified", httpDate(ONE_HOUR_AGO)))).isTrue();
        assertThat(Conditionals.notModifiedSelects(STORED_WITH_LAST_MODIFIED,
                Headers.of("Last-Modified", httpDate(ONE_MINUTE_AGO)))).isFalse();
    }

    @Test
    void notModifiedWithoutValidatorsSelectsTheRevalidatedResponse() {
        assertThat(Conditionals.notModifiedSelects(STORED_WITH_ETAG, Headers.of("Date", httpDate(NOW)))).isTrue();
    }

    @Test
    void generated304KeepsValidatorsAndDropsBodyFields() {
        Headers stored = Headers.of("ETag", "\"abcdef\"", "Content-Length", "5", "Cache-Control", "max-age=60",
                "Content-Range", "bytes 0-4/5");

        assertThat(Conditionals.notModifiedHeaders(stored))
                .isEqualTo(Headers.of("ETag", "\"abcdef\"", "Cache-Control", "max-age=60"));
    }
}
