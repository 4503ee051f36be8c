package dev.tiergate.admin;

import dev.tiergate.proxy.LearnedTtls;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/** The admin API's views of adaptive caching, all behind the admin token: {@code GET /adaptive?url=}. */
public final class AdaptiveViews {

    private final AdaptiveEndpoint adaptive;

    /** @param learned the instance's learned lifetimes */
    public AdaptiveViews(LearnedTtls learned) {
        this.adaptive = new AdaptiveEndpoint(learned);
    }

    void mount(Router router, Handler<RoutingContext> guard) {
        router.get("/adaptive").handler(guard).handler(adaptive::handle);
    }
}
