package dev.tiergate.store;

import io.vertx.core.Future;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertificateException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import javax.net.ssl.SSLException;

/**
 * Says what is wrong when TLS to Redis fails, once: the first TLS failure of an outage is one warning
 * that names the setting to check, later ones are silent until a command succeeds again. A TLS
 * failure is still an ordinary fault for the caller (a miss); this only makes its cause readable,
 * where the client's own message is a Java security exception's.
 */
final class TlsFaults {

    private static final Logger LOG = Logger.getLogger(TlsFaults.class.getName());

    /** For plain-text tiers: watches nothing. */
    static final TlsFaults NONE = new TlsFaults(null);

    private final String endpoints;
    private final AtomicBoolean reported = new AtomicBoolean();

    private TlsFaults(String endpoints) {
        this.endpoints = endpoints;
    }

    /** Watches commands to {@code endpoints} when any of them is {@code rediss://}. */
    static TlsFaults of(List<String> endpoints) {
        if (endpoints.stream().noneMatch(endpoint -> endpoint.startsWith("rediss://"))) {
            return NONE;
        }
        return new TlsFaults(String.join(", ", endpoints.stream().map(e -> e.replaceAll(":[^:@/]*@", ":***@")).toList()));
    }

    /** {@code command}, unchanged; its failure is diagnosed when it is a TLS one. */
    <T> Future<T> watch(Future<T> command) {
        if (endpoints == null) {
            return command;
        }
        return command.onComplete(result -> {
            if (result.succeeded()) {
                // Read first: a write on every command would bounce the flag's cache line between event loops.
                if (reported.get()) {
                    reported.set(false);
                }
                return;
            }
            describe(result.cause()).filter(ignored -> reported.compareAndSet(false, true))
                    .ifPresent(diagnosis -> LOG.warning("L2 TLS to " + endpoints + " failed: " + diagnosis
                            + "; L2 is skipped (requests are misses) until it succeeds"));
        });
    }

    /** What a TLS failure means and what to check; empty for faults that are not about TLS. */
    static Optional<String> describe(Throwable error) {
        Throwable tls = null;
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = String.valueOf(t.getMessage());
            if (t instanceof CertPathBuilderException || message.contains("PKIX path")) {
                return Optional.of("the server's certificate does not chain to a trusted CA (expected: l2.tls.ca naming the CA "
                        + "that signed it) (" + message + ")");
            }
            if (t instanceof CertificateException && message.startsWith("No ")) {
                return Optional.of("the server's certificate does not name the host in the URL (expected: a certificate for that "
                        + "name, or a URL with a name it holds) (" + message + ")");
            }
            if (message.contains("certificate_required")) {
                return Optional.of("the server requires a client certificate (expected: l2.tls.cert and l2.tls.key)");
            }
            if (message.contains("bad_certificate") || message.contains("unknown_ca")) {
                return Optional.of("the server refused the client certificate (expected: l2.tls.cert signed by a CA the server "
                        + "trusts) (" + message + ")");
            }
            if (t.getClass().getSimpleName().equals("NotSslRecordException")) {
                return Optional.of("the server does not speak TLS on that port (expected: its TLS port, or redis:// for plain text)");
            }
            if (tls == null && t instanceof SSLException) {
                tls = t;
            }
        }
        return Optional.ofNullable(tls).map(t -> "TLS handshake failed (" + t.getMessage() + ")");
    }
}
