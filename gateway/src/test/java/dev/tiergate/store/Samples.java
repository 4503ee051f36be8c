package dev.tiergate.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.cache.StoredResponse;
import dev.tiergate.cache.VariantSet;
import dev.tiergate.http.CacheControl;
import dev.tiergate.http.Headers;
import io.vertx.core.Future;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Sample entries, a field-by-field comparison, and blocking helpers for the store tests. */
final class Samples {

    /** Millisecond precision, as the codec keeps. */
    static final Instant RESPONSE_TIME = Instant.parse("2026-01-01T00:00:00.123Z");

    private Samples() {
    }

    /** A 200 with a text body and a Cache-Control header. */
    static VariantSet entry(String body) {
        return VariantSet.of(response(body, Headers.of("Content-Type", "text/plain", "Cache-Control", "max-age=60"),
                CacheControl.parse("max-age=60"), List.of(), "", Set.of()));
    }

    static StoredResponse response(String body, Headers headers, CacheControl directives, List<String> varyFields,
                                   String secondaryKey, Set<String> tags) {
        return new StoredResponse(200, headers, body.getBytes(StandardCharsets.UTF_8), RESPONSE_TIME, 3, 60, 30, 300,
                directives, varyFields, secondaryKey, tags);
    }

    /** Asserts equal content; the record's own equals compares the body array and directives by identity. */
    static void assertSameVariants(VariantSet actual, VariantSet expected) {
        assertThat(actual.variants()).hasSameSizeAs(expected.variants());
        for (int i = 0; i < expected.variants().size(); i++) {
            StoredResponse a = actual.variants().get(i);
            StoredResponse e = expected.variants().get(i);
            assertThat(a.status()).isEqualTo(e.status());
            assertThat(a.headers()).isEqualTo(e.headers());
            assertThat(a.body()).isEqualTo(e.body());
            assertThat(a.responseTime()).isEqualTo(e.responseTime());
            assertThat(a.initialAgeSeconds()).isEqualTo(e.initialAgeSeconds());
            assertThat(a.lifetimeSeconds()).isEqualTo(e.lifetimeSeconds());
            assertThat(a.staleWhileRevalidateSeconds()).isEqualTo(e.staleWhileRevalidateSeconds());
            assertThat(a.staleIfErrorSeconds()).isEqualTo(e.staleIfErrorSeconds());
            assertThat(a.directives().directives()).isEqualTo(e.directives().directives());
            assertThat(a.varyFields()).isEqualTo(e.varyFields());
            assertThat(a.secondaryKey()).isEqualTo(e.secondaryKey());
            assertThat(a.tags()).isEqualTo(e.tags());
            assertThat(a.generations()).isEqualTo(e.generations());
            assertThat(a.fetchMillis()).isEqualTo(e.fetchMillis());
        }
    }

    static void assertSameVariants(Optional<VariantSet> actual, VariantSet expected) {
        assertThat(actual).isPresent();
        assertSameVariants(actual.get(), expected);
    }

    /** The future's value, failing the test if it fails or takes longer than {@code timeout}. */
    static <T> T await(Future<T> future, Duration timeout) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError("future failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("future not complete within " + timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static <T> T await(Future<T> future) {
        return await(future, Duration.ofSeconds(5));
    }

    /** The failure of a future that must fail within {@code within}. */
    static Throwable awaitFailure(Future<?> future, Duration within) {
        try {
            future.toCompletionStage().toCompletableFuture().get(within.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("future succeeded; expected a failure");
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (TimeoutException e) {
            throw new AssertionError("future still pending after " + within + "; expected a prompt failure");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Polls {@code condition} every 10 ms until it holds, failing after {@code within}. */
    static void eventually(Duration within, String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + within + ": " + what);
            }
            RedisServerProcess.pause(10);
        }
    }
}
