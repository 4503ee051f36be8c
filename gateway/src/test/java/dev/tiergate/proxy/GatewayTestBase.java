package dev.tiergate.proxy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Starts a fresh gateway and origin-sim for every test and stops them after it. */
abstract class GatewayTestBase {

    protected GatewayHarness harness;

    /** The policy the gateway starts with; {@link GatewayHarness#DEFAULT_POLICY} unless a test class needs its own. */
    protected String policy() {
        return GatewayHarness.DEFAULT_POLICY;
    }

    @BeforeEach
    void startGateway() throws Exception {
        harness = GatewayHarness.start(policy());
    }

    @AfterEach
    void stopGateway() throws Exception {
        harness.close();
    }
}
