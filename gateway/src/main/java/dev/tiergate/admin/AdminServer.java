package dev.tiergate.admin;

import dev.tiergate.policy.ServerSettings;
import dev.tiergate.store.MemoryTier;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;

/**
 * The admin API on its own port: {@code GET /health} and {@code GET /metrics} (Prometheus text).
 */
public final class AdminServer {

    private final HttpServer server;

    private AdminServer(HttpServer server) {
        this.server = server;
    }

    public static Future<AdminServer> start(Vertx vertx, ServerSettings settings, PrometheusMeterRegistry registry, MemoryTier l1) {
        Router router = Router.router(vertx);
        router.get("/health").handler(context -> context.json(new JsonObject()
                .put("status", "UP")
                .put("l1", new JsonObject().put("entries", l1.estimatedSize()))));
        router.get("/metrics").handler(context -> context.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                .end(registry.scrape()));
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
