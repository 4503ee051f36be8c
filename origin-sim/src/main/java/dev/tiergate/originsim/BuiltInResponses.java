package dev.tiergate.originsim;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** The response conventions shared by every built-in endpoint. */
final class BuiltInResponses {

    static final String JSON = "application/json";
    static final String NO_STORE = "no-store";

    private BuiltInResponses() {}

    /**
     * A 200 with the validators the built-in API always sends (body-derived strong ETag and the fixed
     * Last-Modified), or a 304 when the request's validators match. Cache-Control, Vary and friends
     * must already be on the response.
     */
    static void ok(RoutingContext ctx, String contentType, Buffer body) {
        ctx.response()
                .putHeader(HttpHeaders.CONTENT_TYPE, contentType)
                .putHeader(HttpHeaders.LAST_MODIFIED, HttpDates.format(HttpDates.BUILT_IN_LAST_MODIFIED));
        RepresentationResponder.respond(
                ctx.request(),
                200,
                body,
                EntityTags.strongFor(body),
                HttpDates.BUILT_IN_LAST_MODIFIED);
    }

    static void okJson(RoutingContext ctx, Object json) {
        ok(ctx, JSON, Buffer.buffer(json.toString()));
    }

    /** A JSON response without validators, for errors and mutations. */
    static void json(RoutingContext ctx, int status, JsonObject body) {
        HttpServerResponse response = ctx.response().setStatusCode(status);
        response.putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(body.encode());
    }

    static JsonObject error(int status, String message) {
        return new JsonObject().put("status", status).put("error", message);
    }
}
