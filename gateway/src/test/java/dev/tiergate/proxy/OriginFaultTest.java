package dev.tiergate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Origin faults and malformed requests get clear statuses, never a hang or a 500. */
class OriginFaultTest extends GatewayTestBase {

    @Test
    void hangingOriginGives504AfterTheFirstByteTimeout() throws Exception {
        HttpResponse<String> response = harness.get("/sim/respond/hang?fault=hang");

        assertThat(response.statusCode()).isEqualTo(504);
        assertThat(response.headers().firstValue("Cache-Status")).hasValue("Tiergate; fwd=uri-miss; detail=origin-timeout");
    }

    @Test
    void unreachableOriginGives502() throws Exception {
        harness.origin.close().await();

        HttpResponse<String> response = harness.get("/api/products/1");

        assertThat(response.statusCode()).isEqualTo(502);
        assertThat(response.body()).contains("origin-unreachable");
    }

    @Test
    void originClosingWithoutAnswerGives502() throws Exception {
        HttpResponse<String> response = harness.get("/sim/respond/close?fault=close");

        assertThat(response.statusCode()).isEqualTo(502);
    }

    @Test
    void originErrorStatusIsPassedThroughAndNotStored() throws Exception {
        String target = "/sim/respond/err?status=500&cache-control=max-age=60";
        harness.get(target);
        HttpResponse<String> second = harness.get(target);

        assertThat(second.statusCode()).isEqualTo(500);
        assertThat(harness.originCount(target)).isEqualTo(1 + (second.headers().firstValue("Cache-Status").orElseThrow().contains("hit") ? 0 : 1));
    }

    @Test
    void requestWithoutHostIsRejectedWith400() throws Exception {
        String status = rawRequest("GET /api/products/1 HTTP/1.0\r\n\r\n");

        assertThat(status).startsWith("HTTP/1.").contains(" 400");
    }

    @Test
    void requestTargetNotInOriginFormIsRejectedWith400() throws Exception {
        String status = rawRequest("GET * HTTP/1.1\r\nHost: example.test\r\n\r\n");

        assertThat(status).contains(" 400");
    }

    private String rawRequest(String request) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", harness.gateway.port())) {
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1)).readLine();
        }
    }
}
