package dev.tiergate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Interim (1xx) responses from the origin (RFC 9110 §15.2): 103 Early Hints are passed on to HTTP/1.1 clients, no
 * interim response is ever stored or taken for the final one.
 */
class InterimResponsesTest {

    private static final String FINAL = "HTTP/1.1 200 OK\r\nCache-Control: max-age=60\r\nContent-Type: text/plain\r\n"
            + "Content-Length: 5\r\nConnection: close\r\n\r\nfinal";
    private static final String EARLY_HINTS = "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload; as=style\r\n\r\n";

    private ScriptedOrigin origin;
    private GatewayHarness harness;

    @BeforeEach
    void start() throws Exception {
        origin = new ScriptedOrigin(target -> switch (target) {
            case "/hints" -> EARLY_HINTS + FINAL;
            case "/processing" -> "HTTP/1.1 102 Processing\r\n\r\n" + FINAL;
            case "/unasked-continue" -> "HTTP/1.1 100 Continue\r\n\r\n" + FINAL;
            case "/many" -> "HTTP/1.1 102 Processing\r\n\r\n" + EARLY_HINTS + "HTTP/1.1 104 Upload Resumption Supported\r\n\r\n" + FINAL;
            default -> "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";
        });
        harness = GatewayHarness.start("""
                version: 1
                origins:
                  default: http://127.0.0.1:1
                  scripted: http://127.0.0.1:%d
                routes:
                  - name: scripted
                    match: { path: /** }
                    origin: scripted
                """.formatted(origin.port()));
    }

    @AfterEach
    void stop() throws Exception {
        harness.close();
        origin.close();
    }

    @Test
    void earlyHintsAreForwardedToAnHttp11ClientAndNotStored() throws Exception {
        try (RawConnection client = new RawConnection(harness.gateway.port())) {
            client.send("GET /hints HTTP/1.1\r\nHost: shop.example\r\n\r\n");

            String hints = client.response();
            String response = client.response();

            assertThat(hints).startsWith("HTTP/1.1 103").containsIgnoringCase("link: </style.css>; rel=preload; as=style");
            assertThat(response).startsWith("HTTP/1.1 200").endsWith("final");
            assertThat(response).containsIgnoringCase("cache-status: Tiergate; fwd=uri-miss; fwd-status=200; stored");
        }
        try (RawConnection client = new RawConnection(harness.gateway.port())) {
            client.send("GET /hints HTTP/1.1\r\nHost: shop.example\r\n\r\n");

            String hit = client.response();

            // The stored response is the final one; the hints are not replayed from the cache.
            assertThat(hit).startsWith("HTTP/1.1 200").endsWith("final").containsIgnoringCase("cache-status: Tiergate; hit");
        }
        assertThat(origin.requestCount("/hints")).isEqualTo(1);
    }

    @Test
    void anHttp10ClientGetsNoEarlyHints() throws Exception {
        // RFC 9110 §15.2: "A server MUST NOT send a 1xx response to an HTTP/1.0 client."
        try (RawConnection client = new RawConnection(harness.gateway.port())) {
            client.send("GET /hints HTTP/1.0\r\nHost: shop.example\r\n\r\n");

            assertThat(client.response()).startsWith("HTTP/1.0 200").endsWith("final");
        }
    }

    @Test
    void otherInterimResponsesAreNeitherForwardedNorTakenForTheFinalOne() throws Exception {
        for (String target : new String[] {"/processing", "/unasked-continue", "/many"}) {
            HttpResponse<String> first = harness.get(target);
            HttpResponse<String> second = harness.get(target);

            assertThat(first.statusCode()).as(target).isEqualTo(200);
            assertThat(first.body()).as(target).isEqualTo("final");
            assertThat(second.headers().firstValue("Cache-Status").orElseThrow()).as(target).startsWith("Tiergate; hit");
            assertThat(second.body()).as(target).isEqualTo("final");
            assertThat(origin.requestCount(target)).as(target).isEqualTo(1);
        }
    }
}
