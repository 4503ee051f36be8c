package dev.tiergate.edge;

import dev.tiergate.guard.RetryExecutor;
import dev.tiergate.policy.CloudflareSettings;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * Forwards purges to a Cloudflare zone: {@code POST {apiBase}/zones/{zoneId}/purge_cache} with the API token as a
 * bearer token. A purge larger than the batch size is split into calls sent one after another (Cloudflare rate
 * limits purge calls per account, so a burst of parallel calls would only earn 429s); each call is retried as
 * {@link PurgeRetry} decides.
 *
 * <p>The token is read once, at start, from the environment variable the policy names. It is sent in the
 * {@code Authorization} header and nowhere else, and it is cut out of every message this class keeps or logs.
 */
public final class CloudflarePurger {

    private static final Logger LOG = Logger.getLogger(CloudflarePurger.class.getName());
    private static final String PROVIDER = "cloudflare";
    private static final int MAX_MESSAGE_CHARS = 300;

    private final Vertx vertx;
    private final WebClient client;
    private final CloudflareSettings settings;
    private final String token;
    private final PurgeRetry retry;
    private final InstantSource clock;
    private final EdgePurgeStats stats;

    private CloudflarePurger(Vertx vertx, CloudflareSettings settings, String token, InstantSource clock, EdgePurgeStats stats) {
        this.vertx = vertx;
        this.settings = settings;
        this.token = token;
        this.clock = clock;
        this.stats = stats;
        this.retry = new PurgeRetry(settings.retries());
        long timeoutMillis = settings.requestTimeout().toMillis();
        this.client = WebClient.create(vertx, new WebClientOptions().setConnectTimeout((int) timeoutMillis)
                .setUserAgent("tiergate-edge-purge").setKeepAlive(true));
    }

    /**
     * A purger for the zone, with its counters registered in {@code registry}.
     *
     * @param environment reads an environment variable ({@code System::getenv} outside tests); null when unset
     * @throws IllegalStateException naming the variable, when it is unset or blank
     */
    public static CloudflarePurger create(Vertx vertx, CloudflareSettings settings, UnaryOperator<String> environment, InstantSource clock,
                                          MeterRegistry registry) {
        String token = environment.apply(settings.apiTokenEnv());
        if (token == null || token.isBlank()) {
            throw new IllegalStateException("edge.cloudflare: the environment variable " + settings.apiTokenEnv() + " is not set (expected: "
                    + "a Cloudflare API token with the Cache Purge permission for zone " + settings.zoneId() + "; without it purges would "
                    + "not reach the edge, so the gateway does not start)");
        }
        EdgePurgeStats stats = new EdgePurgeStats(PROVIDER, settings.zoneId());
        stats.bind(registry);
        return new CloudflarePurger(vertx, settings, token.trim(), clock, stats);
    }

    /**
     * Sends the purge. The answer comes when every call has been accepted or has failed, or after the request
     * timeout, whichever is first: then it is {@link EdgeReport.State#PENDING} and the calls go on.
     */
    public Future<EdgeReport> forward(EdgePurge purge) {
        List<Map<String, Object>> bodies = CloudflareBodies.of(purge, settings.batchSize());
        stats.started();
        Promise<EdgeReport> answer = Promise.promise();
        long waitMillis = settings.requestTimeout().toMillis();
        long timer = vertx.setTimer(waitMillis, ignored -> answer.tryComplete(new EdgeReport(EdgeReport.State.PENDING,
                "no answer within " + waitMillis + " ms yet; GET /stats shows how it ends")));
        sendFrom(bodies, 0, new ArrayList<>()).onComplete(done -> {
            vertx.cancelTimer(timer);
            answer.tryComplete(conclude(bodies.size(), done.result()));
        });
        return answer.future();
    }

    /** This purger's counters. */
    public EdgePurgeStats stats() {
        return stats;
    }

    /** Counts a purge that has no equivalent at the edge. */
    public void notForwarded() {
        stats.notForwarded();
    }

    public Future<Void> close() {
        client.close();
        return Future.succeededFuture();
    }

    private EdgeReport conclude(int calls, List<String> errors) {
        if (errors.isEmpty()) {
            stats.forwarded();
            return new EdgeReport(EdgeReport.State.FORWARDED, "");
        }
        String message = (calls == 1 ? "" : errors.size() + " of " + calls + " calls failed, the first: ") + errors.get(0);
        stats.failed(new EdgePurgeStats.Failure(clock.instant(), message));
        LOG.warning("purge not forwarded to Cloudflare zone " + settings.zoneId() + ": " + message);
        return new EdgeReport(EdgeReport.State.FAILED, "Cloudflare: " + message);
    }

    /** Sends the calls in order; a failed call does not stop the next, whose items are others. */
    private Future<List<String>> sendFrom(List<Map<String, Object>> bodies, int index, List<String> errors) {
        if (index == bodies.size()) {
            return Future.succeededFuture(errors);
        }
        return send(new JsonObject(bodies.get(index))).transform(sent -> {
            if (sent.failed()) {
                errors.add(sent.cause().getMessage());
            }
            return sendFrom(bodies, index + 1, errors);
        });
    }

    private Future<Void> send(JsonObject body) {
        AtomicInteger tries = new AtomicInteger();
        return RetryExecutor.run(vertx, () -> {
            tries.incrementAndGet();
            return call(body);
        }, (retries, failure) -> {
            Optional<Duration> pause = failure instanceof CallFailure refused
                    ? retry.nextDelay(retries, refused.status, refused.retryAfter, ThreadLocalRandom.current()::nextDouble)
                    : Optional.empty();
            pause.ifPresent(wait -> {
                stats.retried();
                LOG.fine(() -> "purge call to Cloudflare failed (" + failure.getMessage() + "), trying again in " + wait.toMillis() + " ms");
            });
            return pause;
        }).recover(failure -> Future.failedFuture(new CallFailure(0, Optional.empty(),
                failure.getMessage() + (tries.get() > 1 ? " (" + tries.get() + " tries)" : ""))));
    }

    private Future<Void> call(JsonObject body) {
        return client.postAbs(settings.purgeUrl().toString())
                .bearerTokenAuthentication(token)
                .timeout(settings.requestTimeout().toMillis())
                .sendJsonObject(body)
                .transform(answered -> {
                    if (answered.failed()) {
                        return Future.failedFuture(new CallFailure(PurgeRetry.NO_ANSWER, Optional.empty(),
                                "no answer: " + redact(String.valueOf(answered.cause().getMessage()))));
                    }
                    HttpResponse<Buffer> response = answered.result();
                    JsonObject json = jsonOf(response);
                    if (response.statusCode() / 100 == 2 && Boolean.TRUE.equals(json.getValue("success"))) {
                        return Future.succeededFuture();
                    }
                    Optional<Duration> retryAfter = PurgeRetry.retryAfter(response.getHeader("Retry-After"), clock.instant());
                    return Future.failedFuture(new CallFailure(response.statusCode(), retryAfter, describe(response.statusCode(), json, retryAfter)));
                });
    }

    private static JsonObject jsonOf(HttpResponse<Buffer> response) {
        try {
            Buffer body = response.body();
            return body == null ? new JsonObject() : body.toJsonObject();
        } catch (RuntimeException notJson) {
            return new JsonObject();
        }
    }

    /** {@code HTTP 403: Authentication error (code 10000)}: Cloudflare's {@code errors}, kept short. */
    private String describe(int status, JsonObject json, Optional<Duration> retryAfter) {
        StringBuilder text = new StringBuilder("HTTP ").append(status);
        Object errors = json.getValue("errors");
        if (errors instanceof JsonArray list && !list.isEmpty()) {
            List<String> messages = new ArrayList<>();
            for (Object error : list) {
                if (error instanceof JsonObject entry) {
                    messages.add(entry.getString("message", "?") + (entry.containsKey("code") ? " (code " + entry.getValue("code") + ")" : ""));
                }
            }
            text.append(": ").append(String.join("; ", messages));
        } else if (status / 100 == 2) {
            text.append(": the answer did not say \"success\": true");
        }
        retryAfter.ifPresent(wait -> text.append(", Retry-After ").append(wait.toSeconds()).append("s"));
        String message = redact(text.toString());
        return message.length() <= MAX_MESSAGE_CHARS ? message : message.substring(0, MAX_MESSAGE_CHARS) + "…";
    }

    /** A message that quotes the request back must not carry the token further. */
    private String redact(String message) {
        return message.replace(token, "[token]");
    }

    /** A call that failed, with what the retry decision needs. */
    private static final class CallFailure extends Exception {
        private final int status;
        private final Optional<Duration> retryAfter;

        CallFailure(int status, Optional<Duration> retryAfter, String message) {
            super(message, null, false, false);
            this.status = status;
            this.retryAfter = retryAfter;
        }
    }
}
