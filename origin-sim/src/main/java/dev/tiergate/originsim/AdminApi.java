package dev.tiergate.originsim;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code /__sim/*}: introspection and control. These requests are neither counted nor affected by
 * the global fault mode, so a demo can always switch the outage back off.
 */
final class AdminApi {

    private final RequestCounters counters;
    private final GlobalFaultMode faultMode;

    AdminApi(RequestCounters counters, GlobalFaultMode faultMode) {
        this.counters = counters;
        this.faultMode = faultMode;
    }

    void mount(Router router) {
        router.get("/__sim/health").handler(this::health);
        router.get("/__sim/stats").handler(this::stats);
        router.post("/__sim/reset").handler(this::reset);
        router.get("/__sim/mode").handler(this::showMode);
        router.post("/__sim/mode").handler(this::changeMode);
    }

    private void health(RoutingContext ctx) {
        noStore(ctx).putHeader(HttpHeaders.CONTENT_TYPE, ResponseRecipe.DEFAULT_CONTENT_TYPE).end("ok");
    }

    private void stats(RoutingContext ctx) {
        JsonObject byUrl = new JsonObject();
        counters.snapshot().forEach(byUrl::put);
        JsonObject stats = new JsonObject().put("total", counters.total()).put("byUrl", byUrl);
        noStore(ctx);
        BuiltInResponses.json(ctx, 200, stats);
    }

    private void reset(RoutingContext ctx) {
        counters.reset();
        noStore(ctx).setStatusCode(204).end();
    }

    private void showMode(RoutingContext ctx) {
        noStore(ctx);
        BuiltInResponses.json(ctx, 200, faultMode.current().toJson());
    }

    private void changeMode(RoutingContext ctx) {
        noStore(ctx);
        try {
            QueryParameters params = new QueryParameters(ctx.queryParams());
            String fault = params.string("fault");
            if (fault == null) {
                throw new InvalidParameterException("fault is required: none, status, reset, hang or close");
            }
            Fault parsed = Fault.parse(fault);
            int status = (int) params.number("status", 503, 200, 599);
            faultMode.set(
                    parsed == Fault.NONE
                            ? GlobalFaultMode.Setting.HEALTHY
                            : new GlobalFaultMode.Setting(parsed, status));
            BuiltInResponses.json(ctx, 200, faultMode.current().toJson());
        } catch (InvalidParameterException e) {
            BuiltInResponses.json(ctx, 400, BuiltInResponses.error(400, e.getMessage()));
        }
    }

    private static HttpServerResponse noStore(RoutingContext ctx) {
        return ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, BuiltInResponses.NO_STORE);
    }
}
