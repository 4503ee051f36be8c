package dev.tiergate.proxy;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.HostAndPort;
import java.util.regex.Pattern;

/**
 * The plain-HTTP listener of an HTTPS gateway: every request is answered {@code 308 Permanent Redirect} to the same
 * host and target over HTTPS (308 rather than 301, so that a POST stays a POST, RFC 9110 §15.4.9). Nothing is
 * proxied or cached here.
 */
final class HttpsRedirect {

    /** A host name or an IPv4 or bracketed IPv6 literal: anything else is not put into a Location. */
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.-]{1,253}|\\[[0-9A-Fa-f:.]{2,45}\\]");

    private HttpsRedirect() {
    }

    /** Listens on {@code port} and redirects to the HTTPS listener on {@code httpsPort}. */
    static Future<HttpServer> listen(Vertx vertx, String host, int port, int httpsPort) {
        HttpServerOptions options = new HttpServerOptions().setHost(host).setMaxInitialLineLength(16 * 1024).setMaxHeaderSize(32 * 1024);
        return vertx.createHttpServer(options).requestHandler(request -> redirect(request, httpsPort)).listen(port);
    }

    private static void redirect(HttpServerRequest request, int httpsPort) {
        HostAndPort authority = request.authority();
        String target = request.uri();
        if (authority == null || !HOST.matcher(authority.host()).matches() || !target.startsWith("/")) {
            request.response().setStatusCode(400).putHeader("Content-Type", "text/plain; charset=utf-8").putHeader("Connection", "close")
                    .end("a Host and an origin-form target are needed to redirect to HTTPS\n");
            return;
        }
        String location = "https://" + authority.host() + (httpsPort == 443 ? "" : ":" + httpsPort) + target;
        request.response().setStatusCode(308).putHeader("Location", location).putHeader("Content-Type", "text/plain; charset=utf-8")
                .putHeader("Cache-Control", "max-age=3600").end("moved to " + location + "\n");
    }
}
