package dev.tiergate.originsim;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.InstantSource;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code /sim/respond} and everything under it: a response shaped entirely by the query string, so
 * a test can describe the origin behaviour it needs right in the URL it asks the proxy for.
 */
final class ProgrammableEndpoint {

    private final Vertx vertx;
    private final InstantSource clock;

    /** @param clock the origin's clock, which {@code change_every} content changes by */
    ProgrammableEndpoint(Vertx vertx, InstantSource clock) {
        this.vertx = vertx;
        this.clock = clock;
    }

    void mount(Router router) {
        router.route("/sim/respond").handler(this::handle);
        router.route("/sim/respond/*").handler(this::handle);
    }

    private void handle(RoutingContext ctx) {
        ResponseRecipe recipe;
        try {
            recipe = ResponseRecipe.parse(ctx.queryParams());
        } catch (InvalidParameterException e) {
            ctx.response()
                    .setStatusCode(400)
                    .putHeader(HttpHeaders.CONTENT_TYPE, ResponseRecipe.DEFAULT_CONTENT_TYPE)
                    .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                    .end(e.getMessage() + "\n");
            return;
        }
        long count = RequestTracking.countOf(ctx);
        String pathAndQuery = RequestTracking.pathAndQueryOf(ctx);
        boolean failing = recipe.failsOn(count);
        HttpServerRequest request = ctx.request();
        // Read the whole request body first, like a real application would before answering.
        request
                .body()
                .onSuccess(
                        ignored -> {
                            if (recipe.delayMs() > 0) {
                                vertx.setTimer(
                                        recipe.delayMs(), timer -> answer(request, recipe, failing, pathAndQuery, count));
                            } else {
                                answer(request, recipe, failing, pathAndQuery, count);
                            }
                        });
    }

    private void answer(
            HttpServerRequest request,
            ResponseRecipe recipe,
            boolean failing,
            String pathAndQuery,
            long count) {
        HttpServerResponse response = request.response();
        if (response.closed()) {
            return; // the client gave up during the delay
        }
        Fault fault = failing ? recipe.fault() : Fault.NONE;
        if (fault == Fault.HANG) {
            ConnectionFaults.hang(request);
            return;
        }
        if (fault == Fault.CLOSE) {
            ConnectionFaults.close(request);
            return;
        }
        int status = failing ? recipe.status() : 200;
        applyHeaders(response, recipe);
        Instant now = clock.instant();
        Buffer body = recipe.body().render(pathAndQuery, count, now);
        if (recipe.body() instanceof ResponseRecipe.Versioned versioned) {
            response.putHeader(SimHeaders.VERSION, Long.toString(versioned.version(now)));
        }
        if (fault == Fault.RESET) {
            ConnectionFaults.reset(request, status, body, recipe.chunked());
            return;
        }
        String etag = ResponseRecipe.AUTO_ETAG.equals(recipe.etag())
                ? EntityTags.strongFor(body)
                : recipe.etag();
        Instant lastModified = HttpDates.parse(recipe.lastModified()).orElse(null);
        boolean successful = status >= 200 && status < 300;
        if (recipe.chunked()
                && !HttpMethod.HEAD.equals(request.method())
                && RepresentationResponder.allowsBody(status)
                && !(successful && ConditionalRequests.notModified(request, etag, lastModified))) {
            if (etag != null) {
                response.putHeader(HttpHeaders.ETAG, etag);
            }
            response.setStatusCode(status);
            ChunkedBodyWriter.write(vertx, response, body, recipe.chunks(), recipe.chunkDelayMs());
            return;
        }
        RepresentationResponder.respond(request, status, body, etag, lastModified);
    }

    private static void applyHeaders(HttpServerResponse response, ResponseRecipe recipe) {
        response.putHeader(HttpHeaders.CONTENT_TYPE, recipe.contentType());
        // The first value given for a name replaces any default (e.g. Date); later ones add to it, so
        // repeated parameters produce repeated header lines.
        Set<String> replaced = new HashSet<>();
        for (Map.Entry<String, String> header : recipe.headers()) {
            String key = header.getKey().toLowerCase(Locale.ROOT);
            if (replaced.add(key)) {
                response.headers().set(header.getKey(), header.getValue());
            } else {
                response.headers().add(header.getKey(), header.getValue());
            }
        }
    }
}
