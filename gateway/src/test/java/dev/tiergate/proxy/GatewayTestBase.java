package dev.tiergate.proxy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Starts a fresh gateway and origin-sim for every test and stops them after it. */
abstract class GatewayTestBase {

    protected GatewayHarness harness;

    @BeforeEach
    void startGateway() throws Exception {
        harness = GatewayHarness.start();
    }

    @AfterEach
    void stopGateway() throws Exception {
        harness.close();
    }
}
