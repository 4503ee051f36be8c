package dev.tiergate.proxy;

import dev.tiergate.http.Headers;
import io.vertx.core.MultiMap;
import java.util.Map;

/** Converts Vert.x header maps to the core's {@link Headers}. */
final class ProxyHeaders {

    private ProxyHeaders() {
    }

    static Headers of(MultiMap fields) {
        Headers.Builder builder = Headers.builder();
        for (Map.Entry<String, String> field : fields) {
            builder.add(field.getKey(), field.getValue());
        }
        return builder.build();
    }
}
