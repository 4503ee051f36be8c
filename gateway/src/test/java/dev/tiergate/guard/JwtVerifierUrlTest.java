package dev.tiergate.guard;

import static dev.tiergate.guard.TestTokens.claims;
import static dev.tiergate.guard.TestTokens.sign;
import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.sun.net.httpserver.HttpServer;
import dev.tiergate.http.Headers;
import dev.tiergate.policy.JwtSettings;
import dev.tiergate.policy.TokenResult;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Keys from a JWKS URL: fetched on first use, re-fetched when a token names a new kid. */
class JwtVerifierUrlTest {

    private static final Instant NOW = Instant.parse("2030-01-01T00:00:00Z");

    private static RSAKey first;
    private static RSAKey rotated;

    private final AtomicReference<String> served = new AtomicReference<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private HttpServer server;

    @BeforeAll
    static void keys() throws Exception {
        first = TestTokens.rsa("2030-01");
        rotated = TestTokens.rsa("2030-02");
    }

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/jwks.json", exchange -> {
            fetches.incrementAndGet();
            byte[] body = served.get().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private static JwtVerifier verifier(String url) {
        JwtSettings settings = new JwtSettings(url, List.of("RS256"), Optional.of("https://issuer.example"),
                Optional.of("tiergate"), Duration.ofSeconds(30));
        return new JwtVerifier(settings, Path.of("."), InstantSource.fixed(NOW));
    }

    private static Headers bearer(String token) {
        return Headers.of("Authorization", "Bearer " + token);
    }

    @Test
    void fetchesKeysAndPicksUpARotatedKeyOnUnknownKid() throws Exception {
        served.set(new JWKSet(first.toPublicJWK()).toString());
        JwtVerifier verifier = verifier("http://127.0.0.1:" + server.getAddress().getPort() + "/jwks.json");
        assertThat(verifier.fetchesKeysRemotely()).isTrue();
        assertThat(fetches).hasValue(0); // lazy: nothing is fetched at construction

        assertThat(verifier.verify(bearer(sign(first, JWSAlgorithm.RS256, claims(NOW).build()))).state())
                .isEqualTo(TokenResult.State.VALID);
        assertThat(verifier.verify(bearer(sign(first, JWSAlgorithm.RS256, claims(NOW).build()))).state())
                .isEqualTo(TokenResult.State.VALID);
        assertThat(fetches).hasValue(1); // cached

        served.set(new JWKSet(List.of(first.toPublicJWK(), rotated.toPublicJWK())).toString());
        TokenResult result = verifier.verify(bearer(sign(rotated, JWSAlgorithm.RS256, claims(NOW).build())));

        assertThat(result.state()).isEqualTo(TokenResult.State.VALID);
        assertThat(result.claim("sub")).contains("user-1");
        assertThat(fetches).hasValue(2);
    }

    @Test
    void unreachableJwksUrlMeansKeysUnavailable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        JwtVerifier verifier = verifier("http://127.0.0.1:" + closedPort + "/jwks.json");

        TokenResult result = verifier.verify(bearer(sign(first, JWSAlgorithm.RS256, claims(NOW).build())));

        assertThat(result.state()).isEqualTo(TokenResult.State.INVALID);
        assertThat(result.reason()).isEqualTo(JwtVerifier.KEYS_UNAVAILABLE);
    }
}
