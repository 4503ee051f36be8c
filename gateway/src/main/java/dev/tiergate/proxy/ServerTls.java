package dev.tiergate.proxy;

import dev.tiergate.policy.ListenerTls;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.net.KeyCertOptions;
import io.vertx.core.net.KeyStoreOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509KeyManager;

/**
 * The TLS side of a listener: TLS 1.2 and 1.3 only, the cipher suites below, ALPN when HTTP/2 is offered, and the
 * certificate read from its files into memory and checked before a listener is given it, so that what was checked is
 * what is served.
 */
final class ServerTls {

    /** TLS 1.0 and 1.1 are deprecated (RFC 8996). */
    static final Set<String> PROTOCOLS = Set.of("TLSv1.3", "TLSv1.2");

    /**
     * The TLS 1.3 suites, then forward-secret AEAD suites for TLS 1.2 (ECDHE with AES-GCM or ChaCha20-Poly1305): what
     * Mozilla's "intermediate" profile allows, less the finite-field DHE suites. None is on HTTP/2's block list
     * (RFC 9113 Appendix A).
     */
    static final List<String> CIPHER_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256",
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");

    /** A certificate read and checked: the options holding its bytes, and its leaf for logs. */
    record Identity(KeyCertOptions options, X509Certificate leaf) {
        String describe() {
            return "\"" + leaf.getSubjectX500Principal().getName() + "\", valid until " + leaf.getNotAfter().toInstant();
        }
    }

    private ServerTls() {
    }

    /** Makes {@code options} a TLS listener presenting {@code identity}, with ALPN offering h2 first when {@code http2}. */
    static HttpServerOptions apply(HttpServerOptions options, Identity identity, boolean http2) {
        options.setSsl(true)
                .setKeyCertOptions(identity.options())
                .setEnabledSecureTransportProtocols(PROTOCOLS)
                .setUseAlpn(http2)
                .setAlpnVersions(http2 ? List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1) : List.of(HttpVersion.HTTP_1_1));
        CIPHER_SUITES.forEach(options::addEnabledCipherSuite);
        return options;
    }

    /** The SSL options of a listener made by {@link #apply}, with another certificate: what a reload installs. */
    static ServerSSLOptions withIdentity(HttpServerOptions listener, Identity identity) {
        return listener.getSslOptions().copy().setKeyCertOptions(identity.options());
    }

    /**
     * Reads and checks the certificate: the files can be read, the keystore opened, and the private key belongs to the
     * certificate (a certificate renewed with a new key but written before its key would otherwise fail every handshake).
     * Blocking: reads files.
     *
     * @param environment an environment variable's value, or null when unset
     * @throws IllegalStateException naming the file and what is wrong with it
     */
    static Identity read(Vertx vertx, ListenerTls tls, UnaryOperator<String> environment) {
        KeyCertOptions options;
        try {
            if (tls instanceof ListenerTls.Pkcs12 store) {
                options = new KeyStoreOptions().setType("PKCS12")
                        .setValue(Buffer.buffer(Files.readAllBytes(store.keystore())))
                        .setPassword(password(store, environment));
            } else {
                ListenerTls.Pem pem = (ListenerTls.Pem) tls;
                options = new PemKeyCertOptions()
                        .setCertValue(Buffer.buffer(Files.readAllBytes(pem.cert())))
                        .setKeyValue(Buffer.buffer(Files.readAllBytes(pem.key())));
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + files(tls) + ": " + e.getMessage(), e);
        }
        try {
            return new Identity(options, checkedLeaf(options.getKeyManagerFactory(vertx), tls));
        } catch (IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("cannot use " + files(tls) + " as the listener's certificate: " + e.getMessage(), e);
        }
    }

    private static String password(ListenerTls.Pkcs12 store, UnaryOperator<String> environment) {
        String password = environment.apply(store.passwordEnv());
        if (password == null) {
            throw new IllegalStateException("server.tls.passwordEnv: " + store.passwordEnv() + " is not set (expected: the password of "
                    + store.keystore() + ")");
        }
        return password;
    }

    /** The leaf of the one key entry, after signing with the key and verifying with the certificate. */
    private static X509Certificate checkedLeaf(KeyManagerFactory factory, ListenerTls tls) throws GeneralSecurityException {
        X509KeyManager manager = null;
        for (KeyManager candidate : factory.getKeyManagers()) {
            if (candidate instanceof X509KeyManager x509) {
                manager = x509;
            }
        }
        Set<String> aliases = new LinkedHashSet<>();
        for (String type : List.of("RSA", "EC", "EdDSA", "Ed25519", "RSASSA-PSS")) {
            String[] found = manager == null ? null : manager.getServerAliases(type, null);
            if (found != null) {
                aliases.addAll(List.of(found));
            }
        }
        if (aliases.isEmpty()) {
            throw new IllegalStateException(files(tls) + " holds no private key with a certificate");
        }
        String alias = aliases.iterator().next();
        PrivateKey key = manager.getPrivateKey(alias);
        X509Certificate[] chain = manager.getCertificateChain(alias);
        if (key == null || chain == null || chain.length == 0) {
            throw new IllegalStateException(files(tls) + " holds no private key with a certificate");
        }
        byte[] probe = "tiergate certificate check".getBytes(StandardCharsets.US_ASCII);
        String algorithm = key.getAlgorithm().equals("EC") ? "SHA256withECDSA"
                : key.getAlgorithm().equals("RSA") ? "SHA256withRSA" : key.getAlgorithm();
        Signature signer = Signature.getInstance(algorithm);
        signer.initSign(key);
        signer.update(probe);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance(algorithm);
        verifier.initVerify(chain[0].getPublicKey());
        verifier.update(probe);
        if (!verifier.verify(signature)) {
            throw new IllegalStateException("the private key in " + files(tls) + " does not belong to its certificate \""
                    + chain[0].getSubjectX500Principal().getName() + "\"");
        }
        return chain[0];
    }

    private static String files(ListenerTls tls) {
        List<String> names = new ArrayList<>();
        tls.files().forEach(file -> names.add(file.toString()));
        return String.join(" and ", names);
    }
}
