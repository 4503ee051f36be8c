package dev.tiergate.guard;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.OctetKeyPair;
import com.nimbusds.jose.jwk.OctetSequenceKey;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.OctetSequenceKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Instant;
import java.util.Arrays;
import java.util.Date;

/** Key generation and token signing for the verifier tests. */
final class TestTokens {

    private TestTokens() {
    }

    static RSAKey rsa(String kid) throws JOSEException {
        return new RSAKeyGenerator(2048).keyID(kid).generate();
    }

    static ECKey ec(String kid) throws JOSEException {
        return new ECKeyGenerator(Curve.P_256).keyID(kid).generate();
    }

    static OctetSequenceKey hmac(String kid) throws JOSEException {
        return new OctetSequenceKeyGenerator(256).keyID(kid).algorithm(JWSAlgorithm.HS256).generate();
    }

    /** An Ed25519 pair from the JDK (nimbus's generator needs Tink), as the public OKP JWK and the JDK pair. */
    record EdKey(OctetKeyPair publicJwk, KeyPair pair) {
        static EdKey generate(String kid) throws GeneralSecurityException {
            KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            byte[] spki = pair.getPublic().getEncoded();
            // The X.509 SubjectPublicKeyInfo of Ed25519 ends with the 32-byte RFC 8032 encoding.
            byte[] x = Arrays.copyOfRange(spki, spki.length - 32, spki.length);
            return new EdKey(new OctetKeyPair.Builder(Curve.Ed25519, Base64URL.encode(x)).keyID(kid).build(), pair);
        }
    }

    static String sign(JWK key, JWSAlgorithm algorithm, JWTClaimsSet claims) throws JOSEException {
        return sign(key, new JWSHeader.Builder(algorithm).keyID(key.getKeyID()).build(), claims);
    }

    static String sign(JWK key, JWSHeader header, JWTClaimsSet claims) throws JOSEException {
        JWSSigner signer = switch (key.getKeyType().getValue()) {
            case "RSA" -> new RSASSASigner(key.toRSAKey());
            case "EC" -> new ECDSASigner(key.toECKey());
            case "oct" -> new MACSigner(key.toOctetSequenceKey());
            default -> throw new IllegalArgumentException(key.getKeyType().getValue());
        };
        SignedJWT jwt = new SignedJWT(header, claims);
        jwt.sign(signer);
        return jwt.serialize();
    }

    static String signEd(EdKey key, JWTClaimsSet claims) throws GeneralSecurityException {
        String header = Base64URL.encode("{\"alg\":\"EdDSA\",\"kid\":\"" + key.publicJwk().getKeyID() + "\"}").toString();
        String payload = Base64URL.encode(claims.toString()).toString();
        Signature signature = Signature.getInstance("Ed25519");
        signature.initSign(key.pair().getPrivate());
        signature.update((header + "." + payload).getBytes(StandardCharsets.US_ASCII));
        return header + "." + payload + "." + Base64URL.encode(signature.sign());
    }

    /** iss, aud, sub and an exp one hour after {@code now}. */
    static JWTClaimsSet.Builder claims(Instant now) {
        return new JWTClaimsSet.Builder()
                .issuer("https://issuer.example")
                .audience("tiergate")
                .subject("user-1")
                .claim("tier", "gold")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(3600)));
    }
}
