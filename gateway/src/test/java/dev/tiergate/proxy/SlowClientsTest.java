package dev.tiergate.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Clients that hold connections without using them (slowloris heads, idle keep-alive connections, one address
 * opening many) are closed after the server section's timeouts and limit, over raw sockets against the real gateway.
 */
class SlowClientsTest {

    private static final String POLICY = GatewayHarness.DEFAULT_POLICY + """
            server: { headerTimeout: 300ms, idleTimeout: 600ms, maxConnectionsPerClient: %d }
            """;

    private GatewayHarness harness;

    @AfterEach
    void stop() throws Exception {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void stalledRequestHeadsAreClosedAfterTheHeaderTimeout() throws Exception {
        harness = GatewayHarness.start(POLICY.formatted(0));
        List<RawConnection> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < 20; i++) {
                stalled.add(new RawConnection(harness.gateway.port()).send("GET /sim/respond/slowloris HTTP/1.1\r\nHost: x\r\nX-a: "));
            }

            for (RawConnection connection : stalled) {
                assertThat(connection.closedByServer()).isTrue();
            }
        } finally {
            for (RawConnection connection : stalled) {
                connection.close();
            }
        }
        assertThat(harness.metric("tiergate_client_timeouts_total{kind=\"header\"}")).isEqualTo(20.0);
        assertThat(harness.originCount("/sim/respond/slowloris")).isZero();
    }

    @Test
    void aConnectionThatNeverSendsAnythingIsClosedAfterTheHeaderTimeout() throws Exception {
        harness = GatewayHarness.start(POLICY.formatted(0));
        try (RawConnection silent = new RawConnection(harness.gateway.port())) {
            assertThat(silent.closedByServer()).isTrue();
        }
    }

    @Test
    void anIdleKeptAliveConnectionIsClosedAfterTheIdleTimeout() throws Exception {
        harness = GatewayHarness.start(POLICY.formatted(0));
        try (RawConnection connection = new RawConnection(harness.gateway.port())) {
            String response = connection.send("GET /sim/respond/idle HTTP/1.1\r\nHost: x\r\n\r\n").response();

            assertThat(response).startsWith("HTTP/1.1 200");
            assertThat(connection.closedByServer()).isTrue();
        }
        assertThat(harness.metric("tiergate_client_timeouts_total{kind=\"idle\"}")).isEqualTo(1.0);
    }

    @Test
    void aRequestThatTakesLongerThanTheHeaderTimeoutIsStillAnswered() throws Exception {
        harness = GatewayHarness.start(POLICY.formatted(0));
        try (RawConnection connection = new RawConnection(harness.gateway.port())) {
            // The origin takes longer than both client timeouts: neither runs while a request is in progress.
            String first = connection.send("GET /sim/respond/slow-origin?delay_ms=900 HTTP/1.1\r\nHost: x\r\n\r\n").response();
            String second = connection.send("GET /sim/respond/next HTTP/1.1\r\nHost: x\r\n\r\n").response();

            assertThat(first).startsWith("HTTP/1.1 200");
            assertThat(second).as("the same connection, kept alive").startsWith("HTTP/1.1 200");
        }
    }

    @Test
    void connectionsOverTheClientsLimitAreClosedOnAccept() throws Exception {
        harness = GatewayHarness.start(POLICY.formatted(2).replace("headerTimeout: 300ms", "headerTimeout: 30s"));
        try (RawConnection first = new RawConnection(harness.gateway.port());
             RawConnection second = new RawConnection(harness.gateway.port());
             RawConnection third = new RawConnection(harness.gateway.port())) {

            assertThat(third.closedByServer()).isTrue();
            assertThat(first.send("GET /sim/respond/within-limit HTTP/1.1\r\nHost: x\r\n\r\n").response()).startsWith("HTTP/1.1 200");
            second.close();
            try (RawConnection again = awaitAccepted()) {
                assertThat(again.send("GET /sim/respond/after-close HTTP/1.1\r\nHost: x\r\n\r\n").response()).startsWith("HTTP/1.1 200");
            }
        }
        assertThat(harness.metric("tiergate_connections_refused_total{reason=\"per-client-limit\"}")).as("the third, and any probe too early")
                .isGreaterThanOrEqualTo(1.0);
    }

    /** The server learns of a client's close a moment after it: until then a new connection may still be over the limit. */
    private RawConnection awaitAccepted() throws Exception {
        for (int attempt = 0; attempt < 50; attempt++) {
            RawConnection connection = new RawConnection(harness.gateway.port());
            connection.send("GET /sim/respond/probe HTTP/1.1\r\nHost: x\r\n\r\n");
            try {
                connection.response();
                return connection;
            } catch (java.io.IOException refused) {
                connection.close();
                Thread.sleep(20);
            }
        }
        throw new AssertionError("no connection accepted after another one closed");
    }
}
