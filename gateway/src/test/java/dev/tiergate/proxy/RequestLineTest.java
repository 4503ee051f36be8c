package dev.tiergate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A request line with a malformed or unsupported HTTP version gets 400 or 505 (RFC 9112 §2.3, RFC 9110 §15.6.6) in a
 * well-formed HTTP/1.1 status line, never Vert.x's 501 echoing the client's version; over raw sockets.
 */
class RequestLineTest extends GatewayTestBase {

    @ParameterizedTest(name = "{0} gets {1}")
    @CsvSource({
        "HTTX/1.1, 400",
        "HTTP/1.10, 400",
        "HTTP/11, 400",
        "HTTP/1.1x, 400",
        "HTTP/2.0, 505",
        "HTTP/3.1, 505",
        "HTTP/0.9, 505",
    })
    void badVersionsGetAnHttp11Answer(String version, int status) throws Exception {
        try (RawConnection client = new RawConnection(harness.gateway.port())) {
            String response = client.send("GET /sim/respond/v HTTP-VERSION\r\nHost: x\r\n\r\n".replace("HTTP-VERSION", version)).response();

            assertThat(response).startsWith("HTTP/1.1 " + status + " ");
            assertThat(client.closedByServer()).isTrue();
        }
        assertThat(harness.originCount("/sim/respond/v")).isZero();
    }

    @ParameterizedTest(name = "{0} is served")
    @CsvSource({"HTTP/1.1", "HTTP/1.0", "HTTP/1.2"})
    void http1VersionsAreServed(String version) throws Exception {
        try (RawConnection client = new RawConnection(harness.gateway.port())) {
            String response = client.send("GET /sim/respond/ok HTTP-VERSION\r\nHost: x\r\n\r\n".replace("HTTP-VERSION", version)).response();

            assertThat(response).startsWith(version.equals("HTTP/1.0") ? "HTTP/1.0 200" : "HTTP/1.1 200");
        }
    }
}
