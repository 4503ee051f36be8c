package dev.tiergate.proxy;

import dev.tiergate.policy.OriginSettings;
import java.security.cert.CertificateException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import javax.net.ssl.SSLException;

/**
 * Logs a failed TLS handshake with an {@code https} origin as one warning that says what to check, once per origin
 * and reason until the process restarts: a request that fails this way gets {@code 502} like any other connection
 * failure, and a log line per request would bury the reason.
 */
final class OriginTlsFaults {

    private static final Logger LOG = Logger.getLogger(OriginTlsFaults.class.getName());

    private final Set<String> reported = ConcurrentHashMap.newKeySet();

    /** Logs {@code error} if it is a TLS failure not yet reported for this origin. */
    void report(OriginSettings origin, Throwable error) {
        Throwable tls = tlsCause(error);
        if (tls == null) {
            return;
        }
        String reason = reason(tls);
        if (reported.add(origin.url() + " " + reason)) {
            LOG.warning("origin " + origin.url() + ": TLS handshake failed, requests get 502: " + reason + " (" + tls.getMessage() + ")");
        }
    }

    private static String reason(Throwable tls) {
        String text = String.valueOf(tls.getMessage()) + " " + (tls.getCause() == null ? "" : tls.getCause().getMessage());
        if (text.contains("No subject alternative") || text.contains("No name matching")) {
            return "the certificate does not name the origin's host (check the URL's host against the certificate)";
        }
        if (text.contains("PKIX") || text.contains("unable to find valid certification path") || hasCause(tls, CertificateException.class)) {
            return "the certificate is not trusted (check origins.<name>.ca, the CA file that signed it)";
        }
        return "the handshake was refused (check that the origin speaks TLS on that port)";
    }

    private static Throwable tlsCause(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (cause instanceof SSLException) {
                return cause;
            }
        }
        return null;
    }

    private static boolean hasCause(Throwable error, Class<? extends Throwable> type) {
        for (Throwable cause = error; cause != null; cause = cause.getCause()) {
            if (type.isInstance(cause)) {
                return true;
            }
        }
        return false;
    }
}
