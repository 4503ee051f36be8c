package dev.tiergate.trace;

import io.opentelemetry.api.common.AttributeKey;

/** The names of the gateway's spans and of the attributes it puts on them (the README's tracing table). */
final class SpanNames {

    static final String L1_LOOKUP = "l1 lookup";
    static final String L2_GET = "l2 get";
    static final String L2_SET = "l2 set";
    /** A background refresh's span, followed by the route's name. */
    static final String REFRESH = "refresh ";
    /** An origin request's span, followed by the method. */
    static final String ORIGIN = "origin ";

    static final AttributeKey<String> METHOD = AttributeKey.stringKey("http.request.method");
    static final AttributeKey<String> PATH = AttributeKey.stringKey("url.path");
    static final AttributeKey<Long> STATUS = OriginFetch.STATUS;
    static final AttributeKey<String> ROUTE = AttributeKey.stringKey("tiergate.route");
    static final AttributeKey<String> OUTCOME = AttributeKey.stringKey("tiergate.cache.outcome");
    static final AttributeKey<String> TIER = AttributeKey.stringKey("tiergate.cache.tier");
    static final AttributeKey<String> CACHE_STATUS = AttributeKey.stringKey("tiergate.cache_status");
    static final AttributeKey<Boolean> COLLAPSED = AttributeKey.booleanKey("tiergate.collapsed");
    static final AttributeKey<Boolean> COMPLETED = AttributeKey.booleanKey("tiergate.response.completed");
    static final AttributeKey<String> ORIGIN_NAME = AttributeKey.stringKey("tiergate.origin");
    static final AttributeKey<String> SERVER_ADDRESS = AttributeKey.stringKey("server.address");
    static final AttributeKey<Long> SERVER_PORT = AttributeKey.longKey("server.port");
    static final AttributeKey<String> DB_SYSTEM = AttributeKey.stringKey("db.system.name");

    private SpanNames() {
    }
}
