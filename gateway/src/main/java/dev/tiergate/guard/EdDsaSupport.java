package dev.tiergate.guard;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSVerifier;
import com.nimbusds.jose.crypto.factories.DefaultJWSVerifierFactory;
import com.nimbusds.jose.jca.JCAContext;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.JWSVerifierFactory;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.Base64URL;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * EdDSA verification on the JDK's own Ed25519/Ed448 (Java 15+).
 *
 * <p>Why this exists: nimbus verifies EdDSA only through the optional Google Tink library, and its
 * key selector cannot turn an {@code OKP} JWK into a {@link java.security.Key} at all, so with
 * plain nimbus every EdDSA token would fail as "no matching key". These two adapters fill exactly
 * that gap and delegate every other algorithm to nimbus unchanged.
 */
final class EdDsaSupport {

    private EdDsaSupport() {
    }

    /** nimbus's key selector, plus OKP (Ed25519/Ed448) JWKs converted to JDK public keys. */
    static final class KeySelector extends JWSVerificationKeySelector<SecurityContext> {

        KeySelector(Set<JWSAlgorithm> algorithms, JWKSource<SecurityContext> source) {
            super(algorithms, source);
        }

        @Override
        public List<Key> selectJWSKeys(JWSHeader header, SecurityContext context) throws com.nimbusds.jose.KeySourceException {
            if (!JWSAlgorithm.Family.ED.contains(header.getAlgorithm())) {
                return super.selectJWSKeys(header, context);
            }
            if (!isAllowed(header.getAlgorithm())) {
                return List.of();
            }
            List<Key> keys = new ArrayList<>();
            for (JWK jwk : getJWKSource().get(new JWKSelector(createJWKMatcher(header)), context)) {
                if (jwk instanceof OctetKeyPair okp) {
                    toPublicKey(okp).ifPresent(keys::add);
                }
            }
            return keys;
        }
    }

    /** nimbus's verifier factory, plus a JDK verifier for EdDSA with an {@link EdECPublicKey}. */
    static final class VerifierFactory implements JWSVerifierFactory {
        private final DefaultJWSVerifierFactory nimbus = new DefaultJWSVerifierFactory();

        @Override
        public JWSVerifier createJWSVerifier(JWSHeader header, Key key) throws JOSEException {
            if (JWSAlgorithm.Family.ED.contains(header.getAlgorithm()) && key instanceof EdECPublicKey edKey) {
                return new Verifier(edKey);
            }
            return nimbus.createJWSVerifier(header, key);
        }

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            Set<JWSAlgorithm> all = new java.util.HashSet<>(nimbus.supportedJWSAlgorithms());
            all.addAll(JWSAlgorithm.Family.ED);
            return all;
        }

        @Override
        public JCAContext getJCAContext() {
            return nimbus.getJCAContext();
        }
    }

    private record Verifier(EdECPublicKey key) implements JWSVerifier {

        @Override
        public boolean verify(JWSHeader header, byte[] signingInput, Base64URL signature) throws JOSEException {
            // RFC 7515 §4.1.11: a verifier must reject critical parameters it does not understand,
            // and this one understands none.
            if (header.getCriticalParams() != null && !header.getCriticalParams().isEmpty()) {
                return false;
            }
            try {
                Signature verifier = Signature.getInstance("EdDSA");
                verifier.initVerify(key);
                verifier.update(signingInput);
                return verifier.verify(signature.decode());
            } catch (GeneralSecurityException e) {
                return false;
            }
        }

        @Override
        public Set<JWSAlgorithm> supportedJWSAlgorithms() {
            return JWSAlgorithm.Family.ED;
        }

        @Override
        public JCAContext getJCAContext() {
            return new JCAContext();
        }
    }

    /** RFC 8037 {@code x} (RFC 8032 encoding: little-endian y, top bit = x is odd) to a JDK key. */
    static java.util.Optional<PublicKey> toPublicKey(OctetKeyPair okp) {
        NamedParameterSpec curve;
        if (Curve.Ed25519.equals(okp.getCurve())) {
            curve = NamedParameterSpec.ED25519;
        } else if (Curve.Ed448.equals(okp.getCurve())) {
            curve = NamedParameterSpec.ED448;
        } else {
            return java.util.Optional.empty();
        }
        byte[] encoded = okp.getDecodedX();
        if (encoded.length == 0) {
            return java.util.Optional.empty();
        }
        boolean xOdd = (encoded[encoded.length - 1] & 0x80) != 0;
        byte[] bigEndian = new byte[encoded.length];
        for (int i = 0; i < encoded.length; i++) {
            bigEndian[i] = encoded[encoded.length - 1 - i];
        }
        bigEndian[0] &= 0x7f;
        try {
            EdECPublicKeySpec spec = new EdECPublicKeySpec(curve, new EdECPoint(xOdd, new BigInteger(1, bigEndian)));
            return java.util.Optional.of(KeyFactory.getInstance("EdDSA").generatePublic(spec));
        } catch (GeneralSecurityException e) {
            return java.util.Optional.empty();
        }
    }
}
