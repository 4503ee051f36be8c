package dev.tiergate.originsim;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.InstantSource;

/**
 * First handler on every request: counts it, stamps the X-Sim headers and, when the global outage
 * mode is on, fails the request before any endpoint sees it.
 */
final class RequestTracking implements Handler<RoutingContext> {

    static final String ADMIN_PREFIX = "/__sim";
    private static final String COUNT_KEY = "originsim.count";
    private static final String TARGET_KEY = "originsim.target";

    private final RequestCounters counters;
    private final GlobalFaultMode faultMode;
    private final InstantSource clock;

    RequestTracking(RequestCounters counters, GlobalFaultMode faultMode, InstantSource clock) {
        this.counters = counters;
        this.faultMode = faultMode;
        this.clock = clock;
    }

    @Override
    public void handle(RoutingContext ctx) {
        HttpServerResponse response = ctx.response();
        response.putHeader(HttpHeaders.DATE, HttpDates.format(clock.instant()));
        if (isAdmin(ctx)) {
            ctx.next();
            return;
        }
        String target = RequestTarget.of(ctx.request());
        long count = counters.record(target);
        ctx.put(COUNT_KEY, count).put(TARGET_KEY, target);
        response
                .putHeader(SimHeaders.REQUEST_COUNT, Long.toString(count))
                .putHeader(SimHeaders.REQUEST_ID, Long.toString(counters.nextRequestId()));

        GlobalFaultMode.Setting mode = faultMode.current();
        if (mode.fault() == Fault.NONE) {
            ctx.next();
        } else {
            fail(ctx.request(), mode);
        }
    }

    private static boolean isAdmin(RoutingContext ctx) {
        String path = ctx.normalizedPath();
        return path.equals(ADMIN_PREFIX) || path.startsWith(ADMIN_PREFIX + "/");
    }

    private static void fail(HttpServerRequest request, GlobalFaultMode.Setting mode) {
        switch (mode.fault()) {
            case HANG:
                ConnectionFaults.hang(request);
                break;
            case CLOSE:
                ConnectionFaults.close(request);
                break;
            case RESET:
                ConnectionFaults.reset(request, 200, outageBody(mode), false);
                break;
            default:
                // No Cache-Control on purpose: real outage pages rarely have one, and a proxy must cope.
                request
                        .response()
                        .setStatusCode(mode.status())
                        .putHeader(HttpHeaders.CONTENT_TYPE, ResponseRecipe.DEFAULT_CONTENT_TYPE)
                        .end(outageBody(mode));
        }
    }

    private static Buffer outageBody(GlobalFaultMode.Setting mode) {
        return Buffer.buffer(
                "origin-sim: simulated outage (fault=" + mode.fault().label() + ")\n");
    }

    /** The per-URL ordinal of this request, as put there by this handler. */
    static long countOf(RoutingContext ctx) {
        Long count = ctx.get(COUNT_KEY);
        return count == null ? 0 : count;
    }

    /** The counting key (path+query) of this request. */
    static String pathAndQueryOf(RoutingContext ctx) {
        String target = ctx.get(TARGET_KEY);
        return target == null ? RequestTarget.of(ctx.request()) : target;
    }
}
