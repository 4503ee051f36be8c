package dev.tiergate.originsim;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** {@code /api/products}: the catalogue, cacheable reads and uncacheable writes. */
final class ProductApi {

    static final String LIST_CACHE_CONTROL =
            "public, max-age=60, stale-while-revalidate=30, stale-if-error=300";
    static final String ITEM_CACHE_CONTROL = "public, max-age=30, stale-while-revalidate=60";
    static final String NOT_FOUND_CACHE_CONTROL = "public, max-age=10";

    // Created products get ids past the generated list that still resolve, so the Location a POST
    // returns is fetchable.
    private final AtomicInteger createdIds = new AtomicInteger();

    void mount(Router router) {
        router.route("/api/products").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::list);
        router.post("/api/products").handler(this::create);
        router
                .route("/api/products/:id")
                .method(HttpMethod.GET)
                .method(HttpMethod.HEAD)
                .handler(this::show);
        router
                .route("/api/products/:id")
                .method(HttpMethod.POST)
                .method(HttpMethod.PUT)
                .method(HttpMethod.PATCH)
                .method(HttpMethod.DELETE)
                .handler(this::mutate);
    }

    private void list(RoutingContext ctx) {
        ctx.response()
                .putHeader(HttpHeaders.CACHE_CONTROL, LIST_CACHE_CONTROL)
                .putHeader(SimHeaders.SURROGATE_KEY, "products");
        BuiltInResponses.okJson(ctx, ProductCatalog.list(Language.EN));
    }

    private void show(RoutingContext ctx) {
        Optional<Integer> id = ProductCatalog.parseId(ctx.pathParam("id"));
        if (id.isEmpty()) {
            ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, NOT_FOUND_CACHE_CONTROL);
            BuiltInResponses.json(ctx, 404, BuiltInResponses.error(404, "no such product"));
            return;
        }
        Language language = Language.negotiate(ctx.request().getHeader(HttpHeaders.ACCEPT_LANGUAGE));
        ctx.response()
                .putHeader(HttpHeaders.CACHE_CONTROL, ITEM_CACHE_CONTROL)
                .putHeader(SimHeaders.SURROGATE_KEY, "products product:" + id.get())
                .putHeader(HttpHeaders.VARY, "Accept-Language")
                .putHeader(HttpHeaders.CONTENT_LANGUAGE, language.tag());
        BuiltInResponses.okJson(ctx, ProductCatalog.product(id.get(), language));
    }

    private void create(RoutingContext ctx) {
        ctx.request()
                .body()
                .onSuccess(
                        body -> {
                            int slots = ProductCatalog.MAX_ID - ProductCatalog.LIST_SIZE;
                            int id = ProductCatalog.LIST_SIZE + 1 + (createdIds.getAndIncrement() % slots);
                            ctx.response()
                                    .putHeader(HttpHeaders.CACHE_CONTROL, BuiltInResponses.NO_STORE)
                                    .putHeader(HttpHeaders.LOCATION, "/api/products/" + id);
                            BuiltInResponses.json(
                                    ctx,
                                    201,
                                    new JsonObject().put("id", id).put("created", true).put("receivedBytes", body.length()));
                        });
    }

    private void mutate(RoutingContext ctx) {
        ctx.request()
                .body()
                .onSuccess(
                        body -> {
                            ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, BuiltInResponses.NO_STORE);
                            Optional<Integer> id = ProductCatalog.parseId(ctx.pathParam("id"));
                            if (id.isEmpty()) {
                                BuiltInResponses.json(ctx, 404, BuiltInResponses.error(404, "no such product"));
                                return;
                            }
                            HttpMethod method = ctx.request().method();
                            if (HttpMethod.DELETE.equals(method)) {
                                ctx.response().setStatusCode(204).end();
                                return;
                            }
                            BuiltInResponses.json(
                                    ctx,
                                    200,
                                    new JsonObject()
                                            .put("id", id.get())
                                            .put("method", method.name())
                                            .put("accepted", true)
                                            .put("receivedBytes", body.length()));
                        });
    }
}
