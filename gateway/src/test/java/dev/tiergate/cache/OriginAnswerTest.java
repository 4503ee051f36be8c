package dev.tiergate.cache;

import static dev.tiergate.cache.Fixtures.NOW;
import static dev.tiergate.cache.Fixtures.ONE_HOUR_AGO;
import static dev.tiergate.cache.Fixtures.get;
import static dev.tiergate.cache.Fixtures.httpDate;
import static dev.tiergate.cache.Fixtures.ruleWithStaleWindows;
import static dev.tiergate.cache.Fixtures.secondsAgo;
import static dev.tiergate.cache.Fixtures.storedAt;
import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.http.CacheStatus;
import dev.tiergate.http.Headers;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class OriginAnswerTest {

    private static final CacheStatus MISS = CacheStatus.forward("uri-miss", null);
    private static final CacheStatus STALE = CacheStatus.forward("stale", Decider.STALE);
    private static final CacheRule SMALL = new CacheRule(false, OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
            16, false, CacheRule.DEFAULT_KEEP_SECONDS);

    /** The origin's answer to a fetch sent at {@code NOW - 1s}, arriving at NOW. */
    private static OriginAnswer answer(CacheRequest client, Optional<StoredResponse> stored, int status, Headers headers,
                                       CacheRule rule, CacheStatus fetchStatus) {
        boolean conditional = stored.isPresent() && stored.get().hasValidators();
        return OriginAnswer.plan(client, client.headers(), stored, conditional, status, headers,
                OriginAnswer.declaredLength(headers), secondsAgo(1), NOW, rule, fetchStatus);
    }

    private static OriginAnswer miss(int status, String... headers) {
        return answer(get(), Optional.empty(), status, Headers.of(headers), CacheRule.RESPECT_ORIGIN, MISS);
    }

    /** An entry stored an hour ago with max-age=60 and an ETag, so now stale. */
    private static StoredResponse staleEntry(CacheRule rule, String... extra) {
        String[] fields = new String[extra.length + 4];
        fields[0] = "Cache-Control";
        fields[1] = "max-age=60";
        fields[2] = "ETag";
        fields[3] = "\"v1\"";
        System.arraycopy(extra, 0, fields, 4, extra.length);
        return storedAt(ONE_HOUR_AGO, rule, fields);
    }

    @Test
    void notModifiedSelectingTheEntryFreshensItAndKeepsCookiesForTheClient() {
        StoredResponse entry = staleEntry(CacheRule.RESPECT_ORIGIN);
        Headers notModified = Headers.of("Date", httpDate(NOW), "ETag", "\"v1\"", "Cache-Control", "max-age=120",
                "Set-Cookie", "s=1");

        OriginAnswer answer = answer(get(), Optional.of(entry), 304, notModified, CacheRule.RESPECT_ORIGIN, STALE);

        assertThat(answer).isInstanceOf(OriginAnswer.Freshened.class);
        OriginAnswer.Freshened freshened = (OriginAnswer.Freshened) answer;
        // RFC 9111 §4.3.4: the stored response takes the 304's fields, and is fresh again.
        assertThat(freshened.entry().lifetimeSeconds()).isEqualTo(120);
        assertThat(freshened.entry().responseTime()).isEqualTo(NOW);
        assertThat(freshened.entry().headers().contains("Set-Cookie")).isFalse();
        assertThat(freshened.clientFields().first("Set-Cookie")).contains("s=1");
        assertThat(freshened.cacheStatus().format())
                .isEqualTo("Tiergate; fwd=stale; fwd-status=304; stored; ttl=" + freshened.entry().ttlSeconds(NOW) + "; detail=stale");
    }

    @Test
    void notModifiedNamingAnotherRepresentationRefetchesUnconditionally() {
        StoredResponse entry = staleEntry(CacheRule.RESPECT_ORIGIN);
        Headers notModified = Headers.of("Date", httpDate(NOW), "ETag", "\"v2\"");

        OriginAnswer answer = answer(get(), Optional.of(entry), 304, notModified, CacheRule.RESPECT_ORIGIN, STALE);

        assertThat(answer).isEqualTo(new OriginAnswer.RefetchUnconditionally(STALE));
    }

    @Test
    void notModifiedToAnUnconditionalFetchIsForwardedNotStored() {
        OriginAnswer answer = miss(304, "Date", httpDate(NOW), "ETag", "\"v1\"");

        assertThat(answer).isInstanceOf(OriginAnswer.Forward.class);
        assertThat(((OriginAnswer.Forward) answer).reason()).isEqualTo("status");
        assertThat(((OriginAnswer.Forward) answer).failsWaiters()).isFalse();
    }

    @Test
    void serverErrorInsideStaleIfErrorServesTheStaleEntry() {
        CacheRule rule = ruleWithStaleWindows(0, 7200);
        StoredResponse entry = staleEntry(rule);

        OriginAnswer answer = answer(get(), Optional.of(entry), 503, Headers.of("Date", httpDate(NOW)), rule, STALE);

        assertThat(answer).isInstanceOf(OriginAnswer.ServeStaleOnError.class);
        OriginAnswer.ServeStaleOnError stale = (OriginAnswer.ServeStaleOnError) answer;
        assertThat(stale.entry()).isSameAs(entry);
        assertThat(stale.failedStatus()).isEqualTo(503);
        assertThat(stale.cacheStatus().format())
                .isEqualTo("Tiergate; fwd=stale; fwd-status=503; ttl=" + entry.ttlSeconds(NOW) + "; detail=stale-if-error");
    }

    @Test
    void staleOnErrorKeepsACollapsedFetchCollapsed() {
        CacheRule rule = ruleWithStaleWindows(0, 7200);
        StoredResponse entry = staleEntry(rule);

        OriginAnswer answer = answer(get(), Optional.of(entry), 500, Headers.of(), rule, STALE.withCollapsed());

        assertThat(answer.cacheStatus().collapsed()).isTrue();
    }

    @Test
    void staleOnErrorNamesTheTierTheStaleEntryCameFrom() {
        CacheRule rule = ruleWithStaleWindows(0, 7200);
        StoredResponse entry = staleEntry(rule);

        OriginAnswer answer = answer(get(), Optional.of(entry), 502, Headers.of(), rule, STALE.withTier(CacheStatus.TIER_L2));

        assertThat(answer.cacheStatus().format())
                .isEqualTo("Tiergate; fwd=stale; fwd-status=502; ttl=" + entry.ttlSeconds(NOW) + "; detail=stale-if-error; tier=l2");
    }

    @Test
    void revalidationAnsweredWithANewResponseStillNamesTheTierOfTheEntryItReplaces() {
        StoredResponse entry = staleEntry(CacheRule.RESPECT_ORIGIN);

        OriginAnswer answer = answer(get(), Optional.of(entry), 200, Headers.of("Date", httpDate(NOW), "Cache-Control", "max-age=60"),
                CacheRule.RESPECT_ORIGIN, STALE.withTier(CacheStatus.TIER_L1));

        assertThat(answer.cacheStatus().format()).isEqualTo("Tiergate; fwd=stale; fwd-status=200; stored; ttl=59; detail=stale; tier=l1");
    }

    @Test
    void serverErrorPastStaleIfErrorIsForwardedAndFailsTheWaiters() {
        StoredResponse entry = staleEntry(CacheRule.RESPECT_ORIGIN);

        OriginAnswer answer = answer(get(), Optional.of(entry), 502, Headers.of("Date", httpDate(NOW)),
                CacheRule.RESPECT_ORIGIN, STALE);

        assertThat(answer).isInstanceOf(OriginAnswer.Forward.class);
        assertThat(((OriginAnswer.Forward) answer).failsWaiters()).isTrue();
        assertThat(answer.cacheStatus().forwardStatus()).hasValue(502);
    }

    @Test
    void errorOutsideTheStaleIfErrorStatusesIsNeverServedStale() {
        CacheRule rule = ruleWithStaleWindows(0, 7200);
        StoredResponse entry = staleEntry(rule);

        // RFC 5861 §4 names 500, 502, 503 and 504 only.
        OriginAnswer answer = answer(get(), Optional.of(entry), 501, Headers.of("Date", httpDate(NOW)), rule, STALE);

        assertThat(answer).isInstanceOf(OriginAnswer.Forward.class);
        assertThat(((OriginAnswer.Forward) answer).failsWaiters()).isTrue();
    }

    @Test
    void clientThatDemandedValidationGetsTheErrorNotStale() {
        CacheRule rule = ruleWithStaleWindows(0, 7200);
        StoredResponse entry = staleEntry(rule);
        // RFC 9111 §5.2.1.4: a no-cache request must not be answered with an unvalidated stored response.
        CacheRequest client = get("Cache-Control", "no-cache");

        OriginAnswer answer = answer(client, Optional.of(entry), 503, Headers.of("Date", httpDate(NOW)), rule, STALE);

        assertThat(answer).isInstanceOf(OriginAnswer.Forward.class);
    }

    @Test
    void storableResponseIsCollectedWithItsTtlInCacheStatus() {
        OriginAnswer answer = miss(200, "Date", httpDate(NOW), "Cache-Control", "max-age=60");

        assertThat(answer).isInstanceOf(OriginAnswer.Collect.class);
        OriginAnswer.Collect collect = (OriginAnswer.Collect) answer;
        assertThat(collect.maxBytes()).isEqualTo(CacheRule.DEFAULT_MAX_OBJECT_BYTES);
        assertThat(collect.preview().lifetimeSeconds()).isEqualTo(60);
        // RFC 9111 §4.2.3: the one second the fetch took counts towards the corrected initial age.
        assertThat(collect.cacheStatus().format()).isEqualTo("Tiergate; fwd=uri-miss; fwd-status=200; stored; ttl=59");
    }

    @Test
    void unstorableResponseIsForwardedWithItsReason() {
        OriginAnswer answer = miss(200, "Date", httpDate(NOW), "Cache-Control", "no-store");

        assertThat(answer).isEqualTo(new OriginAnswer.Forward("no-store",
                MISS.withForwardStatus(200).withDetail("no-store"), false));
    }

    @Test
    void declaredLengthOverTheLimitIsTooLargeAndTheLimitIsInclusive() {
        Headers over = Headers.of("Date", httpDate(NOW), "Cache-Control", "max-age=60", "Content-Length", "17");
        Headers at = Headers.of("Date", httpDate(NOW), "Cache-Control", "max-age=60", "Content-Length", "16");

        OriginAnswer tooLarge = answer(get(), Optional.empty(), 200, over, SMALL, MISS);
        OriginAnswer fits = answer(get(), Optional.empty(), 200, at, SMALL, MISS);

        assertThat(tooLarge).isEqualTo(new OriginAnswer.Forward(OriginAnswer.TOO_LARGE,
                MISS.withForwardStatus(200).withDetail(OriginAnswer.TOO_LARGE), false));
        assertThat(fits).isInstanceOf(OriginAnswer.Collect.class);
        assertThat(((OriginAnswer.Collect) fits).maxBytes()).isEqualTo(16);
    }

    @Test
    void storeReasonWinsOverSize() {
        Headers headers = Headers.of("Date", httpDate(NOW), "Cache-Control", "private", "Content-Length", "1000");

        OriginAnswer answer = answer(get(), Optional.empty(), 200, headers, SMALL, MISS);

        assertThat(((OriginAnswer.Forward) answer).reason()).isEqualTo("private");
    }

    @Test
    void aHeadRequestStoresTheGetItFetched() {
        CacheRequest head = new CacheRequest("HEAD", Headers.of());

        OriginAnswer answer = answer(head, Optional.empty(), 200, Headers.of("Date", httpDate(NOW), "Cache-Control", "max-age=60"),
                CacheRule.RESPECT_ORIGIN, MISS);

        assertThat(answer).isInstanceOf(OriginAnswer.Collect.class);
    }

    @Test
    void varyIsMatchedAgainstTheFieldsSentNotTheClientsOwn() {
        CacheRequest client = new CacheRequest("GET", Headers.of("Accept-Language", "de"), "v");
        Headers headers = Headers.of("Date", httpDate(NOW), "Cache-Control", "max-age=60", "Vary", "Accept-Language");

        OriginAnswer answer = OriginAnswer.plan(client, Headers.of(), Optional.empty(), false, 200, headers, -1,
                secondsAgo(1), NOW, CacheRule.RESPECT_ORIGIN, MISS);

        StoredResponse preview = ((OriginAnswer.Collect) answer).preview();
        StoredResponse asIfSent = ((OriginAnswer.Collect) OriginAnswer.plan(client, client.headers(), Optional.empty(), false, 200,
                headers, -1, secondsAgo(1), NOW, CacheRule.RESPECT_ORIGIN, MISS)).preview();
        assertThat(preview.secondaryKey()).startsWith("v").isNotEqualTo(asIfSent.secondaryKey());
    }

    @Test
    void declaredLengthParsesContentLength() {
        assertThat(OriginAnswer.declaredLength(Headers.of())).isEqualTo(-1);
        assertThat(OriginAnswer.declaredLength(Headers.of("Content-Length", " 42 "))).isEqualTo(42);
        assertThat(OriginAnswer.declaredLength(Headers.of("Content-Length", "4x"))).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void staleIfErrorStatusWithoutAnOriginAnswerHasNoForwardStatus() {
        StoredResponse entry = staleEntry(ruleWithStaleWindows(0, 7200));
        Instant now = NOW;

        CacheStatus served = OriginAnswer.staleIfErrorStatus(entry, MISS, 0, now);

        assertThat(served.forwardStatus()).isEmpty();
        assertThat(served.collapsed()).isFalse();
        assertThat(served.detail()).contains("stale-if-error");
    }
}
