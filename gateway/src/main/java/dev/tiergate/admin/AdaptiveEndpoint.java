package dev.tiergate.admin;

import dev.tiergate.cache.ChangeHistory;
import dev.tiergate.proxy.LearnedTtls;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /adaptive?url=https://host/path}: the lifetime this instance has learned for each stored variant of a URL
 * on a route with {@code adaptiveTtl}, and the change history behind it. No bodies, no field values beyond the
 * variant's key.
 */
final class AdaptiveEndpoint {

    private final LearnedTtls learned;

    AdaptiveEndpoint(LearnedTtls learned) {
        this.learned = learned;
    }

    void handle(RoutingContext context) {
        String url = context.request().getParam("url");
        LearnedTtls.Report report;
        try {
            report = learned.explain(url);
        } catch (IllegalArgumentException e) {
            context.response().setStatusCode(400).putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("status", "invalid").put("reason", e.getMessage()).encode());
            return;
        }
        JsonArray variants = new JsonArray();
        for (LearnedTtls.Variant variant : report.variants()) {
            ChangeHistory history = variant.history();
            variants.add(new JsonObject()
                    .put("variant", variant.variant())
                    .put("learnedTtlSeconds", variant.learnedTtlSeconds())
                    .put("changes", history.changes())
                    .put("unchangedInARow", history.unchanged())
                    .put("meanChangeSeconds", history.changes() == 0 ? null : Math.round(history.meanChangeSeconds()))
                    .put("firstSeen", history.firstSeen().toString())
                    .put("lastChange", history.lastChange().toString())
                    .put("lastObserved", history.lastObserved().toString()));
        }
        JsonObject rule = report.rule().map(adaptive -> new JsonObject().put("minSeconds", adaptive.minSeconds())
                .put("maxSeconds", adaptive.maxSeconds()).put("fraction", adaptive.fraction())).orElse(null);
        context.response().putHeader("Content-Type", "application/json").putHeader("Cache-Control", "no-store")
                .end(new JsonObject().put("route", report.route()).put("canonical", report.key().canonical())
                        .put("key", report.key().hash()).put("adaptiveTtl", rule).put("variants", variants).encode());
    }
}
