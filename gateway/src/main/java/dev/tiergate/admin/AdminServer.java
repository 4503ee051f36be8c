package dev.tiergate.admin;

import dev.tiergate.policy.ServerSettings;
import dev.tiergate.proxy.PolicyReloader;
import dev.tiergate.store.MemoryTier;
import java.util.Optional;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * The admin API on its own port: {@code GET /health}, {@code GET /metrics} (Prometheus text) and
 * {@code POST /policy/reload}.
 */
public final class AdminServer {

    private final HttpServer server;

    private AdminServer(HttpServer server) {
        this.server = server;
    }

    public static Future<AdminServer> start(Vertx vertx, ServerSettings settings, PrometheusMeterRegistry registry, MemoryTier l1,
                                            Optional<PolicyReloader> reloader) {
        Router router = Router.router(vertx);
        router.get("/health").handler(context -> context.json(new JsonObject()
                .put("status", "UP")
                .put("l1", new JsonObject().put("entries", l1.estimatedSize()))));
        router.get("/metrics").handler(context -> context.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .end(registry.scrape()));
        router.post("/policy/reload").handler(context -> {
            if (reloader.isEmpty()) {
                context.response().setStatusCode(409).end(new JsonObject().put("status", "not-reloadable")
                        .put("reason", "the gateway was not started from a policy file").encode());
                return;
            }
            reloader.get().reload().onComplete(result -> {
                if (result.failed()) {
                    context.response().setStatusCode(500).end(new JsonObject().put("status", "error")
                            .put("reason", String.valueOf(result.cause().getMessage())).encode());
                    return;
                }
                PolicyReloader.Outcome outcome = result.result();
                JsonArray problems = new JsonArray();
                outcome.problems().forEach(problem -> problems.add(problem.toString()));
                context.response().setStatusCode(outcome.applied() ? 200 : 422)
                        .putHeader("Content-Type", "application/json")
                        .end(new JsonObject().put("status", outcome.applied() ? "applied" : "rejected").put("problems", problems).encode());
            });
        });
        return vertx.createHttpServer().requestHandler(router)
                .listen(settings.adminPort(), settings.adminHost())
                .map(AdminServer::new);
    }

    public int port() {
        return server.actualPort();
    }

    public Future<Void> close() {
        return server.close();
    }
}
