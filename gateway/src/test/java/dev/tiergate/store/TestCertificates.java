package dev.tiergate.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway certificate authority for TLS tests, made with the JDK's own {@code keytool}, so the
 * tests need neither {@code openssl} nor a library: PEM files that both {@code redis-server}
 * (OpenSSL) and the client read. Keys are EC P-256, certificates valid from yesterday for two days.
 */
public final class TestCertificates {

    /** A PEM certificate and its PKCS#8 PEM private key. */
    public record Pair(Path cert, Path key) {
    }

    /**
     * The certificates the TLS tests share, made once per test JVM: keytool starts a JVM per call,
     * which takes seconds on a busy machine.
     *
     * @param ca the CA every server and client certificate below is signed by
     * @param otherCa a CA that signed none of them
     * @param loopbackServer a server certificate naming {@code localhost} and {@code 127.0.0.1}
     * @param elsewhereServer a server certificate naming only {@code elsewhere.test}
     * @param client a client certificate, for mutual TLS
     */
    public record Shared(TestCertificates ca, TestCertificates otherCa, Pair loopbackServer, Pair elsewhereServer, Pair client) {
    }

    /** Names a server certificate holds so that hostname verification passes on loopback. */
    public static final String LOOPBACK_NAMES = "dns:localhost,ip:127.0.0.1";

    private static Shared shared;

    private static final String STORE_PASSWORD = "changeit";
    private static final String CA_ALIAS = "ca";

    private final Path dir;
    private final Path caStore;
    private final Path caCert;

    private TestCertificates(Path dir) {
        this.dir = dir;
        this.caStore = dir.resolve("ca.p12");
        this.caCert = dir.resolve("ca.pem");
    }

    /** The shared certificates, made on first use. */
    public static synchronized Shared shared() throws IOException {
        if (shared == null) {
            TestCertificates ca = authority("tiergate-test-ca");
            shared = new Shared(ca, authority("another-ca"), ca.issue("redis", LOOPBACK_NAMES),
                    ca.issue("redis-elsewhere", "dns:elsewhere.test"), ca.issue("tiergate-client", null));
        }
        return shared;
    }

    /** A new CA named {@code name}, its files in a new temporary directory. */
    public static TestCertificates authority(String name) throws IOException {
        TestCertificates ca = new TestCertificates(Files.createTempDirectory("tiergate-tls-" + name));
        ca.keytool("-genkeypair", "-alias", CA_ALIAS, "-keystore", ca.caStore, "-dname", "CN=" + name, "-ext", "bc:c");
        ca.keytool("-exportcert", "-rfc", "-alias", CA_ALIAS, "-keystore", ca.caStore, "-file", ca.caCert);
        return ca;
    }

    /** The CA's own certificate, what a peer trusts. */
    public Path caCert() {
        return caCert;
    }

    /**
     * A certificate for {@code name} signed by this CA; {@code subjectAltNames} in keytool's form
     * ({@code dns:localhost,ip:127.0.0.1}), or null for none (a client certificate).
     */
    public Pair issue(String name, String subjectAltNames) throws IOException {
        Path store = dir.resolve(name + ".p12");
        Path request = dir.resolve(name + ".csr");
        Path cert = dir.resolve(name + ".pem");
        keytool("-genkeypair", "-alias", name, "-keystore", store, "-dname", "CN=" + name);
        keytool("-certreq", "-alias", name, "-keystore", store, "-file", request);
        List<Object> sign = new ArrayList<>(List.of("-gencert", "-rfc", "-alias", CA_ALIAS, "-keystore", caStore,
                "-infile", request, "-outfile", cert));
        if (subjectAltNames != null) {
            sign.addAll(List.of("-ext", "SAN=" + subjectAltNames));
        }
        keytool(sign.toArray());
        Path key = dir.resolve(name + "-key.pem");
        Files.writeString(key, privateKeyPem(store, name));
        return new Pair(cert, key);
    }

    /** keytool cannot export a private key; the KeyStore API can, as PKCS#8. */
    private static String privateKeyPem(Path store, String alias) throws IOException {
        try (InputStream in = Files.newInputStream(store)) {
            KeyStore keyStore = KeyStore.getInstance("PKCS12");
            keyStore.load(in, STORE_PASSWORD.toCharArray());
            Key key = keyStore.getKey(alias, STORE_PASSWORD.toCharArray());
            String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(key.getEncoded());
            return "-----BEGIN PRIVATE KEY-----\n" + base64 + "\n-----END PRIVATE KEY-----\n";
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the key of " + alias + " from " + store, e);
        }
    }

    private void keytool(Object... args) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new ArrayList<>(List.of(keytool.toString()));
        for (Object arg : args) {
            command.add(arg.toString());
        }
        command.addAll(List.of("-storetype", "PKCS12", "-storepass", STORE_PASSWORD, "-noprompt"));
        if (args[0].equals("-genkeypair")) {
            command.addAll(List.of("-keyalg", "EC", "-groupname", "secp256r1", "-keypass", STORE_PASSWORD));
        }
        if (args[0].equals("-genkeypair") || args[0].equals("-gencert")) {
            command.addAll(List.of("-startdate", "-1d", "-validity", "2"));
        }
        Process process = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            process.destroyForcibly();
        }
    }
}
