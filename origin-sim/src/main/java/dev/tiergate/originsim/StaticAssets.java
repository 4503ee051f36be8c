package dev.tiergate.originsim;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Locale;

/**
 * {@code /static/**}: fingerprinted-asset style responses. Every path exists; its content is derived
 * from the path alone, so it never changes and can be cached forever.
 */
final class StaticAssets {

    static final String CACHE_CONTROL = "public, max-age=86400, immutable";
    private static final int BINARY_SIZE = 256;

    void mount(Router router) {
        router.route("/static/*").method(HttpMethod.GET).method(HttpMethod.HEAD).handler(this::serve);
    }

    private void serve(RoutingContext ctx) {
        String path = ctx.request().path();
        String extension = extensionOf(path);
        ctx.response().putHeader(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL);
        BuiltInResponses.ok(ctx, contentTypeFor(extension), bodyFor(path, extension));
    }

    static String extensionOf(String path) {
        String lastSegment = path.substring(path.lastIndexOf('/') + 1);
        int dot = lastSegment.lastIndexOf('.');
        return dot < 0 ? "" : lastSegment.substring(dot + 1).toLowerCase(Locale.ROOT);
    }

    static String contentTypeFor(String extension) {
        switch (extension) {
            case "css":
                return "text/css; charset=utf-8";
            case "js":
                return "text/javascript; charset=utf-8";
            case "png":
                return "image/png";
            case "txt":
                return "text/plain; charset=utf-8";
            case "html":
                return "text/html; charset=utf-8";
            case "json":
                return "application/json";
            default:
                return "application/octet-stream";
        }
    }

    static Buffer bodyFor(String path, String extension) {
        byte[] digest = EntityTags.sha256(path.getBytes(StandardCharsets.UTF_8));
        String fingerprint = HexFormat.of().formatHex(digest, 0, 6);
        switch (extension) {
            case "css":
                return text("/* origin-sim asset " + path + " */\n.sim-" + fingerprint
                        + " { color: #" + fingerprint.substring(0, 6) + "; }\n");
            case "js":
                return text("// origin-sim asset " + path + "\nwindow.simAsset = \"" + fingerprint + "\";\n");
            case "png":
                return Buffer.buffer(TinyPng.singlePixel(digest[0] & 0xff, digest[1] & 0xff, digest[2] & 0xff));
            case "txt":
                return text("origin-sim asset " + path + "\nfingerprint " + fingerprint + "\n");
            case "html":
                return text("<!doctype html>\n<title>origin-sim " + fingerprint + "</title>\n<p>origin-sim asset "
                        + fingerprint + "</p>\n");
            case "json":
                return text("{\"asset\":\"" + fingerprint + "\"}");
            default:
                return Buffer.buffer(expand(digest, BINARY_SIZE));
        }
    }

    private static Buffer text(String content) {
        return Buffer.buffer(content.getBytes(StandardCharsets.UTF_8));
    }

    /** Stretches a seed into {@code size} pseudo-random but repeatable bytes by chained hashing. */
    private static byte[] expand(byte[] seed, int size) {
        byte[] out = new byte[size];
        byte[] block = seed;
        for (int offset = 0; offset < size; offset += block.length) {
            System.arraycopy(block, 0, out, offset, Math.min(block.length, size - offset));
            block = EntityTags.sha256(block);
        }
        return out;
    }
}
