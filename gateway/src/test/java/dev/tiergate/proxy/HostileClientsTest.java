package dev.tiergate.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A client that breaks off or stalls its request body is the client's fault: it never opens the origin's circuit
 * breaker for everyone else, while an origin that really fails still does. Raw sockets against the real gateway in
 * front of origin-sim.
 */
class HostileClientsTest {

    /** Five failures open the breaker (the default); bodies may pause 400 ms. */
    private static final String POLICY = """
            version: 1
            origin:
              url: http://127.0.0.1:1
              connectTimeout: 2s
              firstByteTimeout: %s
              idleTimeout: 3s
              retries: { attempts: 0 }
            server: { bodyTimeout: 400ms }
            """;
    private static final String UPLOAD = "POST /sim/respond/upload HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n";

    private GatewayHarness harness;

    @AfterEach
    void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void bodiesCutShortNeverOpenTheOriginsBreaker() throws Exception {
        harness = GatewayHarness.start(POLICY.formatted("3s"));

        for (int i = 0; i < 5; i++) {
            try (RawConnection client = new RawConnection(harness.gateway.port())) {
                client.send(UPLOAD + "\r\nabc");
            }
        }

        awaitMetric("tiergate_client_faults_total{kind=\"client-gone\",route=\"default\"}", 5);
        assertOtherClientsAreServed();
    }

    @Test
    void stalledBodiesGet408AndNeverOpenTheOriginsBreaker() throws Exception {
        harness = GatewayHarness.start(POLICY.formatted("3s"));
        List<RawConnection> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                stalled.add(new RawConnection(harness.gateway.port()).send(UPLOAD + "\r\nabc"));
            }

            for (RawConnection client : stalled) {
                assertThat(client.response()).startsWith("HTTP/1.1 408").contains("detail=request-body-timeout");
                assertThat(client.closedByServer()).isTrue();
            }
        } finally {
            for (RawConnection client : stalled) {
                client.close();
            }
        }
        assertThat(harness.metric("tiergate_client_timeouts_total{kind=\"body\"}")).isEqualTo(5.0);
        assertOtherClientsAreServed();
    }

    @Test
    void anExpectContinueClientThatNeverSendsItsBodyDoesNotCountAgainstTheOrigin() throws Exception {
        harness = GatewayHarness.start(POLICY.formatted("3s"));
        List<RawConnection> waiting = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                waiting.add(new RawConnection(harness.gateway.port()).send(UPLOAD + "Expect: 100-continue\r\n\r\n"));
            }

            for (RawConnection client : waiting) {
                assertThat(client.response()).startsWith("HTTP/1.1 100 Continue");
                assertThat(client.response()).startsWith("HTTP/1.1 408");
            }
        } finally {
            for (RawConnection client : waiting) {
                client.close();
            }
        }
        assertOtherClientsAreServed();
    }

    @Test
    void anExpectContinueClientThatSendsItsBodyIsForwarded() throws Exception {
        harness = GatewayHarness.start(POLICY.formatted("3s"));
        try (RawConnection client = new RawConnection(harness.gateway.port())) {
            client.send(UPLOAD + "Expect: 100-continue\r\n\r\n");
            assertThat(client.response()).startsWith("HTTP/1.1 100 Continue");

            assertThat(client.send("0123456789").response()).startsWith("HTTP/1.1 200");
        }
        assertThat(harness.originCount("/sim/respond/upload")).isEqualTo(1);
    }

    @Test
    void theOriginRequestIsCancelledWhenItsClientGoesAway() throws Exception {
        harness = GatewayHarness.start(POLICY.formatted("60s"));
        try (RawConnection client = new RawConnection(harness.gateway.port())) {
            // Sent in full; the origin takes a minute to answer.
            client.send("POST /sim/respond/slow?delay_ms=60000 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc");
            awaitTrue(() -> harness.originCount("/sim/respond/slow?delay_ms=60000") == 1);
        }

        awaitMetric("tiergate_client_faults_total{kind=\"client-gone\",route=\"default\"}", 1);
        awaitMetric("tiergate_bulkhead_in_flight{route=\"default\"}", 0);
        assertOtherClientsAreServed();
    }

    @Test
    void resetsByTheOriginAre502sThatLeaveItsBreakerClosed() throws Exception {
        // A reset is also what a healthy origin's keep-alive timeout looks like on a reused connection.
        harness = GatewayHarness.start(POLICY.formatted("3s"));

        for (int i = 0; i < 5; i++) {
            assertThat(harness.send("POST", "/sim/respond/drop?fault=close").statusCode()).isEqualTo(502);
        }

        assertOtherClientsAreServed();
    }

    @Test
    void anUnreachableOriginStillOpensItsBreaker() throws Exception {
        harness = GatewayHarness.start(POLICY.formatted("3s"));
        harness.origin.close().await();

        for (int i = 0; i < 5; i++) {
            assertThat(harness.send("POST", "/sim/respond/down").statusCode()).isEqualTo(502);
        }

        awaitMetric("tiergate_origin_breaker_state{origin=\"default\"}", 2);
        assertThat(harness.get("/sim/respond/after").body()).contains("origin-circuit-open");
    }

    @Test
    void anOriginThatSendsNoAnswerToACompleteBodyStillOpensItsBreaker() throws Exception {
        harness = GatewayHarness.start(POLICY.formatted("300ms"));

        for (int i = 0; i < 5; i++) {
            assertThat(harness.send("POST", "/sim/respond/hang?fault=hang").statusCode()).isEqualTo(504);
        }

        awaitMetric("tiergate_origin_breaker_state{origin=\"default\"}", 2);
    }

    private void assertOtherClientsAreServed() throws Exception {
        assertThat(harness.metric("tiergate_origin_breaker_state{origin=\"default\"}")).as("breaker closed").isZero();
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> other = harness.send("POST", "/sim/respond/other");
            assertThat(other.statusCode()).isEqualTo(200);
        }
    }

    private void awaitMetric(String series, double value) {
        awaitTrue(() -> {
            try {
                return harness.metric(series) == value;
            } catch (Exception e) {
                return false;
            }
        });
    }

    private static void awaitTrue(BooleanSupplier condition) {
        long deadline = System.nanoTime() + RawConnection.PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("condition not met within " + RawConnection.PATIENCE);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }
}
