package dev.tiergate.proxy;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.PemTrustOptions;
import java.nio.file.Path;
import java.security.cert.X509Certificate;

/** Vert.x clients for the TLS and HTTP/2 tests: one connection each, so a test knows which connection a request used. */
final class Http2Clients {

    /** A response as a test reads it, with the connection it came on. */
    record Reply(int status, HttpVersion version, MultiMap headers, String body, HttpConnection connection) {
        String cacheStatus() {
            return headers.get("Cache-Status");
        }

        /** The subject of the certificate the server presented on this connection. */
        String peerSubject() throws Exception {
            return ((X509Certificate) connection.peerCertificates().get(0)).getSubjectX500Principal().getName();
        }
    }

    private Http2Clients() {
    }

    /** h2 over TLS, negotiated by ALPN, trusting {@code ca}. */
    static HttpClientAgent h2OverTls(Vertx vertx, Path ca) {
        return vertx.createHttpClient(tls(ca).setProtocolVersion(HttpVersion.HTTP_2).setUseAlpn(true));
    }

    /** HTTP/1.1 over TLS, trusting {@code ca}. */
    static HttpClientAgent http11OverTls(Vertx vertx, Path ca) {
        return vertx.createHttpClient(tls(ca).setProtocolVersion(HttpVersion.HTTP_1_1));
    }

    /** Clear-text HTTP/2: with prior knowledge, or by {@code Upgrade: h2c} on the first request. */
    static HttpClientAgent h2c(Vertx vertx, boolean upgrade) {
        return vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2).setHttp2ClearTextUpgrade(upgrade)
                .setKeepAlive(true));
    }

    private static HttpClientOptions tls(Path ca) {
        return new HttpClientOptions().setSsl(true).setVerifyHost(true).setTrustOptions(new PemTrustOptions().addCertPath(ca.toString()))
                .setKeepAlive(true);
    }

    static Reply get(HttpClientAgent client, int port, String target) {
        return send(client, new RequestOptions().setMethod(HttpMethod.GET).setHost("127.0.0.1").setPort(port).setURI(target));
    }

    static Reply send(HttpClientAgent client, RequestOptions options) {
        return client.request(options).compose(request -> request.send().compose(response -> response.body()
                .map(body -> new Reply(response.statusCode(), response.version(), response.headers(), body.toString(), request.connection()))))
                .await();
    }
}
