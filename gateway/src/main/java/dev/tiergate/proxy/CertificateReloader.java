package dev.tiergate.proxy;

import dev.tiergate.policy.ListenerTls;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * Reloads a TLS listener's certificate when its files change, as certbot and cert-manager replace them: the files'
 * real paths (certbot's {@code live/} names are symbolic links), sizes and modification times are looked at
 * periodically; on a change the certificate is read and checked ({@link ServerTls#read}) and only then given to the
 * listeners. Connections already open keep the certificate they were made with, and a handshake in progress finishes
 * with the old one; new connections get the new one. A file that cannot be read or checked is logged once per
 * change, and the listeners keep serving the certificate they have.
 */
final class CertificateReloader {

    private static final Logger LOG = Logger.getLogger(CertificateReloader.class.getName());

    /** What a check did. */
    enum Outcome {
        /** The files had not changed. */
        UNCHANGED,
        /** The new certificate is served to new connections. */
        RELOADED,
        /** The files changed but could not be used; the old certificate stays. */
        REJECTED
    }

    private final Vertx vertx;
    private final ListenerTls tls;
    private final HttpServerOptions listenerOptions;
    private final List<HttpServer> servers;
    private final UnaryOperator<String> environment;
    private volatile List<String> seen;
    private long timer = -1;

    /**
     * @param listenerOptions the options the listeners were made with (by {@link ServerTls#apply})
     * @param servers the listeners sharing that certificate
     */
    CertificateReloader(Vertx vertx, ListenerTls tls, HttpServerOptions listenerOptions, List<HttpServer> servers,
                        UnaryOperator<String> environment) {
        this.vertx = vertx;
        this.tls = tls;
        this.listenerOptions = listenerOptions;
        this.servers = servers;
        this.environment = environment;
        this.seen = fingerprint(tls);
    }

    /** Checks every {@code millis}; 0 checks only when asked. */
    void watch(long millis) {
        if (millis > 0) {
            timer = vertx.setPeriodic(millis, ignored -> check());
        }
    }

    void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    /** Looks at the files now and reloads the certificate if they changed since the last look. */
    Future<Outcome> check() {
        return vertx.executeBlocking(() -> {
            List<String> now = fingerprint(tls);
            if (now.equals(seen)) {
                return null;
            }
            seen = now;
            try {
                return ServerTls.read(vertx, tls, environment);
            } catch (IllegalStateException e) {
                LOG.warning("TLS certificate reload rejected, the listener keeps its certificate: " + e.getMessage());
                throw e;
            }
        }, false).transform(read -> {
            if (read.failed()) {
                return Future.succeededFuture(Outcome.REJECTED);
            }
            if (read.result() == null) {
                return Future.succeededFuture(Outcome.UNCHANGED);
            }
            ServerTls.Identity identity = read.result();
            List<Future<Boolean>> updates = new ArrayList<>();
            // Forced: the options equal the old ones but for the bytes, which Vert.x would not compare.
            servers.forEach(server -> updates.add(server.updateSSLOptions(ServerTls.withIdentity(listenerOptions, identity), true)));
            return Future.all(updates).map(done -> {
                LOG.info("TLS certificate reloaded from " + tls.files() + ": " + identity.describe());
                return Outcome.RELOADED;
            }).recover(error -> {
                LOG.warning("TLS certificate reload failed, the listener keeps its certificate: " + error.getMessage());
                return Future.succeededFuture(Outcome.REJECTED);
            });
        });
    }

    /** Each file's real path, size and modification time; a file that cannot be looked at is a change once it can. */
    private static List<String> fingerprint(ListenerTls tls) {
        List<String> parts = new ArrayList<>();
        for (Path file : tls.files()) {
            try {
                parts.add(file.toRealPath() + " " + Files.size(file) + " " + Files.getLastModifiedTime(file).toMillis());
            } catch (IOException e) {
                parts.add(file + " unreadable");
            }
        }
        return parts;
    }
}
