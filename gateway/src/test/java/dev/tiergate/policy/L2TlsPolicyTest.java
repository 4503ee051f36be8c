package dev.tiergate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code l2.tls} section: files resolved against the policy and checked at load, pairs, the switch, and the compiled form. */
class L2TlsPolicyTest {

    private static final String PEM_CERTIFICATE = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n";
    private static final String PEM_KEY = "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n";

    @TempDir
    Path dir;

    @BeforeEach
    void files() throws Exception {
        Files.createDirectories(dir.resolve("tls"));
        Files.writeString(dir.resolve("tls/ca.pem"), PEM_CERTIFICATE);
        Files.writeString(dir.resolve("tls/client.pem"), PEM_CERTIFICATE);
        Files.writeString(dir.resolve("tls/client-key.pem"), PEM_KEY);
    }

    @Test
    void relativeFilesResolveAgainstThePolicysDirectory() throws Exception {
        L2Settings l2 = load("""
                version: 1
                origin: http://127.0.0.1:8081
                l2:
                  url: rediss://redis.internal:6380
                  tls: { ca: tls/ca.pem, cert: tls/client.pem, key: tls/client-key.pem }
                """).l2().orElseThrow();

        assertThat(l2.tls()).contains(new L2Settings.Tls(Optional.of(dir.resolve("tls/ca.pem")), Optional.of(dir.resolve("tls/client.pem")),
                Optional.of(dir.resolve("tls/client-key.pem")), true));
    }

    @Test
    void withoutTheSectionTheJvmTrustStoreAndHostnameVerificationApply() throws Exception {
        L2Settings l2 = load("version: 1\norigin: http://127.0.0.1:8081\nl2: { url: rediss://redis.internal:6380 }\n").l2().orElseThrow();

        assertThat(l2.tls()).isEmpty();
        assertThat(l2.tlsOrDefaults()).isEqualTo(L2Settings.Tls.DEFAULTS);
        assertThat(L2Settings.Tls.DEFAULTS.verifyHostname()).isTrue();
        assertThat(L2Settings.Tls.DEFAULTS.ca()).isEmpty();
    }

    @Test
    void hostnameVerificationCanBeSwitchedOffAlone() throws Exception {
        L2Settings l2 = load("""
                version: 1
                origin: http://127.0.0.1:8081
                l2: { url: rediss://127.0.0.1:6380, tls: { ca: tls/ca.pem, verifyHostname: false } }
                """).l2().orElseThrow();

        assertThat(l2.tlsOrDefaults().verifyHostname()).isFalse();
        assertThat(l2.tlsOrDefaults().ca()).contains(dir.resolve("tls/ca.pem"));
    }

    @Test
    void invalidTlsSettingsNameFileLineAndExpectation() throws Exception {
        Files.writeString(dir.resolve("tls/not-pem.txt"), "hello");

        assertThat(problems("""
                version: 1
                origin: http://127.0.0.1:8081
                l2:
                  url: rediss://redis.internal:6380
                  tls:
                    ca: tls/missing.pem
                    cert: tls/not-pem.txt
                    verifyHostname: sometimes
                """)).containsExactly(
                "policy.yaml:6 l2.tls.ca: \"tls/missing.pem\" (expected: a readable PEM file with a CERTIFICATE block; "
                        + dir.resolve("tls/missing.pem") + " does not exist)",
                "policy.yaml:7 l2.tls.cert: \"tls/not-pem.txt\" (expected: a readable PEM file with a CERTIFICATE block; "
                        + dir.resolve("tls/not-pem.txt") + " has none)",
                "policy.yaml:6 l2.tls: cert without key (expected: key, the PEM private key of the client certificate)",
                "policy.yaml:8 l2.tls.verifyHostname: \"sometimes\" (expected: true or false)");
    }

    @Test
    void aKeyWithoutItsCertificateAndTlsOnAPlainUrlAreProblems() throws Exception {
        assertThat(problems("""
                version: 1
                origin: http://127.0.0.1:8081
                l2:
                  url: redis://redis.internal:6379
                  tls: { key: tls/client-key.pem }
                """)).containsExactly(
                "policy.yaml:5 l2.tls: key without cert (expected: cert, the PEM client certificate the key belongs to)",
                "policy.yaml:5 l2.tls: set for a redis:// url (expected: url rediss://..., or no tls section)");
    }

    @Test
    void tlsSettingsAreNotCompiled() throws Exception {
        Policy withTls = load("""
                version: 1
                origin: http://127.0.0.1:8081
                l2: { url: rediss://redis.internal:6380, tls: { ca: tls/ca.pem } }
                """);
        Policy plain = load("version: 1\norigin: http://127.0.0.1:8081\nl2: { url: rediss://redis.internal:6380 }\n");

        assertThat(PolicyCompiler.compile(withTls)).isEqualTo(PolicyCompiler.compile(plain)).doesNotContain("tls").doesNotContain("ca.pem");
    }

    private Policy load(String yaml) throws Exception {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, yaml);
        return PolicyLoader.load(file);
    }

    private java.util.List<String> problems(String yaml) throws Exception {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, yaml);
        try {
            PolicyLoader.load(file);
        } catch (PolicyException e) {
            return e.problems().stream().map(PolicyProblem::toString).map(p -> p.replace(file.toString(), "policy.yaml")).toList();
        }
        throw new AssertionError("expected problems in:\n" + yaml);
    }
}
