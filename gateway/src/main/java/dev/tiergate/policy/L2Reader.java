package dev.tiergate.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Reads a policy's {@code l2} section: the regional Redis tier, and how to reach it over TLS. */
final class L2Reader {

    static final Set<String> L2 = Set.of("url", "type", "masterName", "endpoints", "keyPrefix", "commandTimeout", "tls");
    static final Set<String> TLS = Set.of("ca", "cert", "key", "verifyHostname");

    /** Enough of a file to find its PEM armour; certificates and keys are far smaller. */
    private static final int PEM_PROBE_BYTES = 64 * 1024;

    private L2Reader() {
    }

    /**
     * {@code l2: { url: ..., ... }}; relative TLS file paths resolve against {@code policyDirectory}.
     */
    static Optional<L2Settings> l2(YamlNode node, Path policyDirectory) {
        Map<String, YamlNode> fields = node.mapping(L2, Set.of("url"));
        Optional<String> url = PolicyLoader.optional(fields, "url", L2Reader::redisUrl);
        String type = PolicyLoader.optional(fields, "type", n -> Scalars.oneOf(n, "standalone", "sentinel", "cluster"))
                .orElse("standalone");
        Optional<String> masterName = PolicyLoader.optional(fields, "masterName", n -> n.text("the Sentinel master's name"));
        if (type.equals("sentinel") && masterName.isEmpty()) {
            node.problem("type sentinel needs \"masterName\" (expected: the monitored master's name)");
        }
        List<String> endpoints = PolicyLoader.optional(fields, "endpoints", n -> Optional.of(n.list("a list of redis:// URLs").stream()
                .map(L2Reader::redisUrl).flatMap(Optional::stream).toList())).orElse(List.of());
        String prefix = PolicyLoader.optional(fields, "keyPrefix", n -> n.text("a key prefix").filter(text -> {
            if (!text.matches("[A-Za-z0-9_.:\\-]{1,64}")) {
                n.problem("\"" + text + "\" (expected: 1 to 64 letters, digits, '.', ':', '-' or '_')");
                return false;
            }
            return true;
        })).orElse(L2Settings.DEFAULT_KEY_PREFIX);
        java.time.Duration timeout = PolicyLoader.optional(fields, "commandTimeout", Scalars::positiveDuration)
                .orElse(L2Settings.DEFAULT_COMMAND_TIMEOUT);
        Optional<L2Settings.Tls> tls = PolicyLoader.optional(fields, "tls", n -> tls(n, policyDirectory));
        if (fields.containsKey("tls") && url.filter(u -> u.startsWith("redis://")).isPresent()) {
            // Settings that would silently never apply: the connection is plain text.
            fields.get("tls").problem("set for a redis:// url (expected: url rediss://..., or no tls section)");
        }
        return url.map(u -> new L2Settings(u, type, masterName, endpoints, prefix, timeout, tls));
    }

    /** {@code tls: { ca: FILE, cert: FILE, key: FILE, verifyHostname: true }}, every file checked now. */
    private static Optional<L2Settings.Tls> tls(YamlNode node, Path policyDirectory) {
        Map<String, YamlNode> fields = node.mapping(TLS, Set.of());
        Optional<Path> ca = PolicyLoader.optional(fields, "ca", n -> pemFile(n, policyDirectory, "CERTIFICATE"));
        Optional<Path> cert = PolicyLoader.optional(fields, "cert", n -> pemFile(n, policyDirectory, "CERTIFICATE"));
        Optional<Path> key = PolicyLoader.optional(fields, "key", n -> pemFile(n, policyDirectory, "PRIVATE KEY"));
        if (fields.containsKey("cert") && !fields.containsKey("key")) {
            node.problem("cert without key (expected: key, the PEM private key of the client certificate)");
        } else if (fields.containsKey("key") && !fields.containsKey("cert")) {
            node.problem("key without cert (expected: cert, the PEM client certificate the key belongs to)");
        }
        boolean verifyHostname = PolicyLoader.optional(fields, "verifyHostname", Scalars::bool).orElse(true);
        return Optional.of(new L2Settings.Tls(ca, cert, key, verifyHostname));
    }

    /**
     * A readable file holding a PEM block whose label ends with {@code label} ({@code CERTIFICATE}, or
     * {@code PRIVATE KEY} for PKCS#8, RSA and EC keys), as an absolute path.
     */
    static Optional<Path> pemFile(YamlNode node, Path policyDirectory, String label) {
        String expected = "a readable PEM file with a " + label + " block";
        return node.text(expected).flatMap(text -> {
            Path file;
            try {
                file = policyDirectory.resolve(text).toAbsolutePath().normalize();
            } catch (InvalidPathException e) {
                node.problem("\"" + text + "\" (expected: " + expected + "; not a path)");
                return Optional.empty();
            }
            if (!Files.isRegularFile(file)) {
                node.problem("\"" + text + "\" (expected: " + expected + "; " + file + " does not exist)");
                return Optional.empty();
            }
            String head;
            try (var in = Files.newInputStream(file)) {
                head = new String(in.readNBytes(PEM_PROBE_BYTES), StandardCharsets.US_ASCII);
            } catch (IOException e) {
                node.problem("\"" + text + "\" (expected: " + expected + "; " + file + " cannot be read: " + e.getMessage() + ")");
                return Optional.empty();
            }
            if (!head.matches("(?s).*-----BEGIN [A-Z ]*" + label + "-----.*")) {
                node.problem("\"" + text + "\" (expected: " + expected + "; " + file + " has none)");
                return Optional.empty();
            }
            return Optional.of(file);
        });
    }

    private static Optional<String> redisUrl(YamlNode node) {
        return node.text("a redis:// or rediss:// URL").filter(text -> {
            if (!text.matches("rediss?://\\S+")) {
                node.problem("\"" + text.replaceAll(":[^:@/]*@", ":***@") + "\" (expected: redis://[user:password@]host:port or rediss://...)");
                return false;
            }
            return true;
        });
    }
}
