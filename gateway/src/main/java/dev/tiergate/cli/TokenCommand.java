package dev.tiergate.cli;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tiergate token}: signs a test token with a private RSA JWK, for trying JWT segments
 * against a development key. Production tokens come from the identity provider.
 */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = "Sign a test JWT with a private RSA JWK (for development keys such as policies/keys/demo-private-jwk.json).")
final class TokenCommand implements Callable<Integer> {

    @Option(names = "--key", required = true, description = "Private RSA key as a JWK file.")
    private Path keyFile;

    @Option(names = "--issuer", description = "The iss claim.")
    private String issuer;

    @Option(names = "--audience", description = "The aud claim.")
    private String audience;

    @Option(names = "--subject", defaultValue = "demo-user", description = "The sub claim (default: ${DEFAULT-VALUE}).")
    private String subject;

    @Option(names = "--claim", description = "Another claim, name=value (repeatable), e.g. --claim plan=pro.")
    private Map<String, String> claims = new LinkedHashMap<>();

    @Option(names = "--expires-in", defaultValue = "3600", description = "Seconds until exp; negative for an expired token (default: ${DEFAULT-VALUE}).")
    private long expiresInSeconds;

    @Override
    public Integer call() throws Exception {
        JWK jwk = JWK.parse(Files.readString(keyFile));
        if (!(jwk instanceof RSAKey rsa) || !rsa.isPrivate()) {
            System.err.println(keyFile + ": not a private RSA JWK");
            return 1;
        }
        Instant now = Instant.now();
        JWTClaimsSet.Builder builder = new JWTClaimsSet.Builder().subject(subject).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofSeconds(expiresInSeconds))));
        if (issuer != null) {
            builder.issuer(issuer);
        }
        if (audience != null) {
            builder.audience(audience);
        }
        claims.forEach(builder::claim);
        System.out.println(sign(rsa, builder.build()));
        return 0;
    }

    static String sign(RSAKey key, JWTClaimsSet claims) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }
}
