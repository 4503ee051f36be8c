package dev.tiergate.originsim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FaultInjectionTest extends OriginSimTestSupport {

    @Test
    void resetFaultBreaksTheResponseMidBody() {
        assertThatThrownBy(() -> sendOnNewConnection(request("/sim/respond/r?fault=reset&size=10000")))
                .isInstanceOf(IOException.class);
    }

    @Test
    void resetFaultAlsoBreaksAChunkedBody() {
        assertThatThrownBy(() ->
                        sendOnNewConnection(request("/sim/respond/rc?fault=reset&chunked=true&size=10000")))
                .isInstanceOf(IOException.class);
    }

    @Test
    void closeFaultDropsTheConnectionWithoutAResponse() {
        assertThatThrownBy(() -> sendOnNewConnection(request("/sim/respond/c?fault=close")))
                .isInstanceOf(IOException.class);
    }

    @Test
    void hangFaultNeverAnswers() {
        assertThatThrownBy(() ->
                        sendOnNewConnection(request("/sim/respond/h?fault=hang").timeout(Duration.ofMillis(200))))
                .isInstanceOf(HttpTimeoutException.class);
        assertThat(sim.requestCount("/sim/respond/h?fault=hang")).isEqualTo(1);
    }

    @Test
    void failEveryAppliesTheStatusOnlyToEveryNthRequest() throws Exception {
        String url = "/sim/respond/flaky?status=503&fail_every=2";

        assertThat(get(url).statusCode()).isEqualTo(200);
        assertThat(get(url).statusCode()).isEqualTo(503);
        assertThat(get(url).statusCode()).isEqualTo(200);
        assertThat(get(url).statusCode()).isEqualTo(503);
    }

    @Test
    void failEveryAppliesTheFaultOnlyToEveryNthRequest() throws Exception {
        String url = "/sim/respond/flaky-reset?fault=reset&fail_every=2&size=4000";

        assertThat(sendOnNewConnection(request(url)).statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> sendOnNewConnection(request(url))).isInstanceOf(IOException.class);
    }

    @Test
    void globalStatusModeFailsEveryRequestUntilSwitchedOff() throws Exception {
        HttpResponse<String> switched = postMode("fault=status&status=503");
        assertThat(new JsonObject(switched.body()).getString("fault")).isEqualTo("status");

        HttpResponse<String> outage = get("/api/products");
        assertThat(outage.statusCode()).isEqualTo(503);
        assertThat(countHeader(outage)).isEqualTo(1);
        assertThat(get("/sim/respond?status=200").statusCode()).isEqualTo(503);
        assertThat(get("/__sim/health").statusCode()).isEqualTo(200);

        postMode("fault=none");

        assertThat(get("/api/products").statusCode()).isEqualTo(200);
    }

    @Test
    void globalConnectionFaultsApplyToEveryRequest() throws Exception {
        postMode("fault=reset");
        assertThatThrownBy(() -> sendOnNewConnection(request("/api/products")))
                .isInstanceOf(IOException.class);

        postMode("fault=close");
        assertThatThrownBy(() -> sendOnNewConnection(request("/api/products/1")))
                .isInstanceOf(IOException.class);

        postMode("fault=none");
        assertThat(get("/api/products").statusCode()).isEqualTo(200);
    }

    @Test
    void currentModeCanBeReadBack() throws Exception {
        postMode("fault=hang");

        assertThat(new JsonObject(get("/__sim/mode").body()).getString("fault")).isEqualTo("hang");
    }

    @Test
    void unknownModeIsRejected() throws Exception {
        assertThat(postMode("fault=meteor").statusCode()).isEqualTo(400);
    }

    private HttpResponse<String> postMode(String query) throws Exception {
        return send(request("/__sim/mode?" + query).POST(HttpRequest.BodyPublishers.noBody()));
    }
}
