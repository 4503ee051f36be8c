package dev.tiergate.admin;

import dev.tiergate.edge.EdgeReport;
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
 * {@code POST /purge}: one of {@code {"url": ...}}, {@code {"prefix": ...}}, {@code {"tag": ...}} (each a string
 * or a list of up to 100), {@code {"route": ...}} or {@code {"all": true}}, with {@code "soft": true} for a soft
 * purge. Answers with what was purged and whether it reached every instance ({@code "reach": "all-instances"}) or
 * only this one ({@code "this-instance"}, with the reason in {@code "note"}); when purges are forwarded to the
 * edge, also {@code "edge": "forwarded"}, {@code "pending"}, {@code "failed"} or {@code "not-forwarded"}, with
 * the details in {@code "note"} after {@code "edge: "}.
 */
final class PurgeEndpoint {

    private static final Set<String> TARGETS = Set.of("url", "prefix", "tag", "route", "all");
    private static final int MAX_BODY_BYTES = 16 * 1024;
    /** Four calls to the edge at its default batch size: an admin call stays short. */
    private static final int MAX_TARGETS = 100;

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
                case "url" -> purges.urls(values(request, "url"), hard);
                case "prefix" -> purges.prefixes(values(request, "prefix"), hard);
                case "tag" -> purges.tags(values(request, "tag"), hard);
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
        if (result.edge().isPresent()) {
            EdgeReport edge = result.edge().get();
            response.put("edge", edge.state().spelling());
            if (!edge.note().isEmpty()) {
                note = (note.isEmpty() ? "" : note + "; ") + "edge: " + edge.note();
            }
        }
        if (!note.isEmpty()) {
            response.put("note", note);
        }
        return response;
    }

    /** A string, or a list of 1 to {@link #MAX_TARGETS} strings. */
    private static List<String> values(JsonObject request, String field) {
        Object value = request.getValue(field);
        if (value instanceof String text) {
            return List.of(text);
        }
        if (value instanceof JsonArray list && !list.isEmpty() && list.size() <= MAX_TARGETS
                && list.stream().allMatch(String.class::isInstance)) {
            return list.stream().map(String.class::cast).toList();
        }
        throw new IllegalArgumentException(field + ": expected a string or a list of 1 to " + MAX_TARGETS + " strings");
    }

    private static void reject(RoutingContext context, String reason) {
        context.response().setStatusCode(400).putHeader("Content-Type", "application/json")
                .end(new JsonObject().put("status", "invalid").put("reason", reason).encode());
    }
}
