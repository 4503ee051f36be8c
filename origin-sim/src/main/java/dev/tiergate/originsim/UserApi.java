package dev.tiergate.originsim;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.security.SecureRandom;
import java.util.HexFormat;

/** Per-user endpoints: the kind of responses a shared cache must not hand to other users. */
final class UserApi {

    static final String TIMELINE_CACHE_CONTROL = "private, max-age=30";
    private static final int TIMELINE_ENTRIES = 5;

    private final SecureRandom random = new SecureRandom();

    void mount(Router router) {
        router
                .route("/api/users/:id/timeline")
                .method(HttpMethod.GET)
                .method(HttpMethod.HEAD)
                .handler(this::timeline);
        router.route("/api/account").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::account);
    }

    private void timeline(RoutingContext ctx) {
        String userId = ctx.pathParam("id");
        JsonArray entries = new JsonArray();
        for (int i = 1; i <= TIMELINE_ENTRIES; i++) {
            entries.add(new JsonObject().put("seq", i).put("text", "User " + userId + " posted update " + i));
        }
        ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, TIMELINE_CACHE_CONTROL);
        BuiltInResponses.okJson(ctx, new JsonObject().put("userId", userId).put("entries", entries));
    }

    private void account(RoutingContext ctx) {
        // A fresh session per response makes leaking it through a shared cache easy to spot.
        byte[] session = new byte[16];
        random.nextBytes(session);
        ctx.response()
                .putHeader(HttpHeaders.CACHE_CONTROL, BuiltInResponses.NO_STORE)
                .putHeader(
                        HttpHeaders.SET_COOKIE,
                        "session=" + HexFormat.of().formatHex(session) + "; Path=/; HttpOnly; SameSite=Lax");
        BuiltInResponses.okJson(
                ctx,
                new JsonObject()
                        .put("accountId", "acct-0001")
                        .put("email", "demo@tiergate.dev")
                        .put("plan", "pro"));
    }
}
