package dev.tiergate.admin;

import dev.tiergate.proxy.PurgeService;
import dev.tiergate.store.Purges;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Set;

/**
 * {@code POST /purge}: one of {@code {"url": ...}}, {@code {"prefix": ...}}, {@code {"tag": ...}},
 * {@code {"route": ...}} or {@code {"all": true}}, with {@code "soft": true} for a soft purge. Answers
 * with what was purged and whether it reached every instance ({@code "reach": "all-instances"}) or
 * only this one ({@code "this-instance"}, with the reason in {@code "note"}).
 */
final class PurgeEndpoint {

    private static final Set<String> TARGETS = Set.of("url", "prefix", "tag", "route", "all");
    private static final int MAX_BODY_BYTES = 16 * 1024;

    private final PurgeService purges;

    PurgeEndpoint(PurgeService purges) {
        this.purges = purges;
    }

    /** The largest request body read (a BodyHandler on the route enforces it). */
    static final long MAX_BODY = MAX_BODY_BYTES;

    void handle(RoutingContext context) {
        JsonObject request;
        try {
            request = context.body().buffer() == null ? null : context.body().buffer().toJsonObject();
            if (request == null) {
                throw new IllegalArgumentException("empty body");
            }
        } catch (DecodeException | IllegalArgumentException | ClassCastException e) {
            reject(context, "expected a JSON object such as {\"url\": \"https://host/path\"}: " + e.getMessage());
            return;
        }
        Future<PurgeService.Result> purge;
        List<String> named = request.fieldNames().stream().filter(TARGETS::contains).toList();
        try {
            if (named.size() != 1) {
                throw new IllegalArgumentException("name exactly one of url, prefix, tag, route, all (got " + named + ")");
            }
            for (String field : request.fieldNames()) {
                if (!TARGETS.contains(field) && !field.equals("soft")) {
                    throw new IllegalArgumentException("unknown field \"" + field + "\"");
                }
            }
            boolean hard = !Boolean.TRUE.equals(request.getValue("soft"));
            purge = switch (named.get(0)) {
                case "url" -> purges.url(request.getString("url"), hard);
                case "prefix" -> purges.prefix(request.getString("prefix"), hard);
                case "tag" -> purges.tag(request.getString("tag"), hard);
                case "route" -> purges.route(request.getString("route"), hard);
                default -> {
                    if (!Boolean.TRUE.equals(request.getValue("all"))) {
                        throw new IllegalArgumentException("all: expected true");
                    }
                    yield purges.all(hard);
                }
            };
        } catch (IllegalArgumentException | ClassCastException e) {
            reject(context, e.getMessage());
            return;
        }
        String target = named.get(0);
        purge.onComplete(done -> {
            if (done.failed()) {
                context.response().setStatusCode(500).putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("status", "error").put("reason", String.valueOf(done.cause().getMessage())).encode());
                return;
            }
            context.response().putHeader("Content-Type", "application/json")
                    .end(describe(target, request, done.result()).encode());
        });
    }

    private JsonObject describe(String target, JsonObject request, PurgeService.Result result) {
        Purges.Outcome outcome = result.outcome();
        JsonObject purged = new JsonObject().put(target, request.getValue(target));
        if (!result.family().isEmpty()) {
            purged.put("family", result.family());
        }
        if (!result.canonical().isEmpty()) {
            purged.put("canonical", result.canonical());
        }
        if (target.equals("prefix")) {
            purged.put("families", outcome.scopes().size());
        }
        JsonObject response = new JsonObject()
                .put("status", "purged")
                .put("mode", Boolean.TRUE.equals(request.getValue("soft")) ? "soft" : "hard")
                .put("purged", purged)
                .put("scopes", new JsonArray(outcome.scopes()))
                .put("reach", outcome.shared() ? "all-instances" : "this-instance");
        String note = outcome.note();
        if (target.equals("route") && !purges.hasRoute(String.valueOf(request.getValue("route")))) {
            note = (note.isEmpty() ? "" : note + "; ") + "the running policy has no route of that name";
        }
        if (!note.isEmpty()) {
            response.put("note", note);
        }
        return response;
    }

    private static void reject(RoutingContext context, String reason) {
        context.response().setStatusCode(400).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("status", "invalid").put("reason", reason).encode());
    }
}
