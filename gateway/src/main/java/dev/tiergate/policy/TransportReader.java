package dev.tiergate.policy;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Reads the transport fields of a policy's {@code server} section: {@code tls}, {@code http2}, {@code h2c},
 * {@code maxConcurrentStreams}, {@code redirectHttp} and {@code adminTls}.
 */
final class TransportReader {

    static final Set<String> FIELDS = Set.of("tls", "http2", "h2c", "maxConcurrentStreams", "redirectHttp", "adminTls");
    static final Set<String> TLS = Set.of("cert", "key", "keystore", "passwordEnv", "checkEvery");

    private TransportReader() {
    }

    /** The transport settings among the server section's {@code fields}; {@code port} is the proxy's own. */
    static TransportSettings transport(Map<String, YamlNode> fields, Path policyDirectory, int port) {
        Optional<YamlNode> tlsNode = Optional.ofNullable(fields.get("tls"));
        Map<String, YamlNode> tlsFields = tlsNode.map(node -> node.mapping(TLS, Set.of())).orElse(Map.of());
        Optional<ListenerTls> tls = tlsNode.filter(YamlNode::isMapping).flatMap(node -> tls(node, tlsFields, policyDirectory));
        Duration check = PolicyLoader.optional(tlsFields, "checkEvery", Scalars::duration)
                .orElse(TransportSettings.DEFAULT_CERTIFICATE_CHECK);
        boolean http2 = PolicyLoader.optional(fields, "http2", Scalars::bool).orElse(TransportSettings.DEFAULT_HTTP2);
        boolean h2c = PolicyLoader.optional(fields, "h2c", Scalars::bool).orElse(TransportSettings.DEFAULT_H2C);
        if (h2c && !http2) {
            fields.get("h2c").problem("true with http2: false (expected: http2: true, or no h2c)");
        }
        if (h2c && tlsNode.isPresent()) {
            // Settings that would silently never apply: a TLS listener negotiates HTTP/2 with ALPN.
            fields.get("h2c").problem("true on a TLS listener (expected: no h2c; with tls, HTTP/2 is negotiated by ALPN)");
        }
        long streams = PolicyLoader.optional(fields, "maxConcurrentStreams", n -> Scalars.positiveInteger(n).filter(value -> {
            if (value > 0xFFFFFFFFL) {
                n.problem("\"" + value + "\" (expected: 1 to 4294967295)");
                return false;
            }
            return true;
        })).orElse(TransportSettings.DEFAULT_MAX_CONCURRENT_STREAMS);
        OptionalInt redirect = PolicyLoader.optional(fields, "redirectHttp", Scalars::port).map(OptionalInt::of).orElse(OptionalInt.empty());
        if (redirect.isPresent() && tlsNode.isEmpty()) {
            fields.get("redirectHttp").problem("set without tls (expected: a tls section: it redirects to the HTTPS listener)");
        } else if (redirect.isPresent() && redirect.getAsInt() == port && port != 0) {
            fields.get("redirectHttp").problem("\"" + port + "\" is the proxy's own port (expected: another port, such as 80)");
        }
        boolean adminTls = PolicyLoader.optional(fields, "adminTls", Scalars::bool).orElse(false);
        if (adminTls && tlsNode.isEmpty()) {
            fields.get("adminTls").problem("true without tls (expected: a tls section, whose certificate the admin API presents)");
        }
        return new TransportSettings(tls, http2, h2c, streams, check, redirect, adminTls);
    }

    /** {@code tls: { cert: FILE, key: FILE }} or {@code tls: { keystore: FILE, passwordEnv: NAME }}, files checked now. */
    private static Optional<ListenerTls> tls(YamlNode node, Map<String, YamlNode> fields, Path policyDirectory) {
        boolean pem = fields.containsKey("cert") || fields.containsKey("key");
        boolean pkcs12 = fields.containsKey("keystore") || fields.containsKey("passwordEnv");
        if (pem && pkcs12) {
            node.problem("both cert/key and keystore are set (expected: cert and key as PEM files, or a PKCS#12 keystore and its passwordEnv)");
            return Optional.empty();
        }
        if (pkcs12) {
            Optional<Path> keystore = PolicyLoader.optional(fields, "keystore", n -> readableFile(n, policyDirectory, "a PKCS#12 keystore"));
            Optional<String> passwordEnv = PolicyLoader.optional(fields, "passwordEnv", n -> Scalars.environmentName(n,
                    "the keystore's password", "TIERGATE_TLS_PASSWORD", "the password"));
            if (!fields.containsKey("keystore")) {
                node.problem("passwordEnv without keystore (expected: keystore, the PKCS#12 file the password opens)");
            } else if (!fields.containsKey("passwordEnv")) {
                node.problem("keystore without passwordEnv (expected: passwordEnv, the environment variable holding its password)");
            }
            return keystore.flatMap(file -> passwordEnv.map(env -> new ListenerTls.Pkcs12(file, env)));
        }
        Optional<Path> cert = PolicyLoader.optional(fields, "cert", n -> L2Reader.pemFile(n, policyDirectory, "CERTIFICATE"));
        Optional<Path> key = PolicyLoader.optional(fields, "key", n -> L2Reader.pemFile(n, policyDirectory, "PRIVATE KEY"));
        if (!pem) {
            node.problem("no certificate (expected: cert and key as PEM files, or keystore and passwordEnv)");
        } else if (!fields.containsKey("key")) {
            node.problem("cert without key (expected: key, the PEM private key of the certificate)");
        } else if (!fields.containsKey("cert")) {
            node.problem("key without cert (expected: cert, the PEM certificate chain the key belongs to)");
        }
        return cert.flatMap(c -> key.map(k -> new ListenerTls.Pem(c, k)));
    }

    private static Optional<Path> readableFile(YamlNode node, Path policyDirectory, String what) {
        String expected = "a readable file with " + what;
        return node.text(expected).flatMap(text -> {
            try {
                Path file = policyDirectory.resolve(text).toAbsolutePath().normalize();
                if (Files.isRegularFile(file) && Files.isReadable(file)) {
                    return Optional.of(file);
                }
                node.problem("\"" + text + "\" (expected: " + expected + "; " + file + " does not exist or cannot be read)");
            } catch (InvalidPathException e) {
                node.problem("\"" + text + "\" (expected: " + expected + "; not a path)");
            }
            return Optional.empty();
        });
    }
}
