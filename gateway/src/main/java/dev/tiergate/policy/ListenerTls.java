package dev.tiergate.policy;

import java.nio.file.Path;
import java.util.List;

/**
 * The certificate the proxy's HTTPS listener presents: a PEM certificate chain with its private key, or a PKCS#12
 * keystore whose password is in an environment variable. The files are re-read when they change.
 */
public sealed interface ListenerTls {

    /** The files whose changes reload the certificate. */
    List<Path> files();

    /**
     * A PEM certificate (chain, leaf first) and its PEM private key (PKCS#8, RSA or EC).
     *
     * @param cert the certificate chain file
     * @param key the private key file
     */
    record Pem(Path cert, Path key) implements ListenerTls {
        @Override
        public List<Path> files() {
            return List.of(cert, key);
        }
    }

    /**
     * A PKCS#12 keystore holding one private key and its chain.
     *
     * @param keystore the keystore file
     * @param passwordEnv the environment variable holding the keystore's password, never the password itself
     */
    record Pkcs12(Path keystore, String passwordEnv) implements ListenerTls {
        @Override
        public List<Path> files() {
            return List.of(keystore);
        }
    }
}
