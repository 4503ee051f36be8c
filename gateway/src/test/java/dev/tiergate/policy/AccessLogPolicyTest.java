package dev.tiergate.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The server key {@code accessLog}: loading, defaults and problems. */
class AccessLogPolicyTest {

    private static AccessLogSettings accessLog(String server) throws PolicyException {
        return PolicyLoader.parse("test.yaml", "version: 1\norigin: http://127.0.0.1:8081\nserver: " + server + "\n").server().accessLog();
    }

    @Test
    void accessLogIsOffWithoutTheBlock() throws Exception {
        assertThat(accessLog("{ port: 8000 }")).isEqualTo(AccessLogSettings.DISABLED);
        assertThat(AccessLogSettings.DISABLED.enabled()).isFalse();
    }

    @Test
    void theBlockTurnsItOnToStdoutForEveryRequest() throws Exception {
        AccessLogSettings settings = accessLog("{ accessLog: {} }");

        assertThat(settings).isEqualTo(new AccessLogSettings(true, "stdout", 1.0, Optional.empty()));
        assertThat(settings.toStdout()).isTrue();
    }

    @Test
    void aFileTargetASampleAndAKeyVariable() throws Exception {
        AccessLogSettings settings = accessLog("{ accessLog: { target: /var/log/tiergate/access.log, sample: 0.25, subjectKeyEnv: LOG_KEY } }");

        assertThat(settings).isEqualTo(new AccessLogSettings(true, "/var/log/tiergate/access.log", 0.25, Optional.of("LOG_KEY")));
        assertThat(settings.toStdout()).isFalse();
        assertThat(accessLog("{ accessLog: { enabled: false } }").enabled()).isFalse();
    }

    @Test
    void invalidAccessLogSettingsNameFileLineAndExpectation() {
        assertThat(PolicyProblems.of("""
                version: 1
                origin: http://127.0.0.1:8081
                server:
                  accessLog:
                    enabled: sometimes
                    sample: 1.5
                    subjectKeyEnv: s3cr3t-value
                    format: json
                """)).containsExactly(
                "test.yaml:8 server.accessLog.format: unknown key (expected one of: enabled, sample, subjectKeyEnv, target)",
                "test.yaml:5 server.accessLog.enabled: \"sometimes\" (expected: true or false)",
                "test.yaml:6 server.accessLog.sample: \"1.5\" (expected: a number from 0 to 1, such as 0.1 for one request in ten)",
                "test.yaml:7 server.accessLog.subjectKeyEnv: not an environment variable name (expected: the name of the variable that "
                        + "holds the key JWT subjects are hashed with, such as TIERGATE_ACCESS_LOG_KEY; the key itself never goes in the policy)");
    }

    @Test
    void anAccessLogChangeTakesEffectOnRestart() throws Exception {
        ServerSettings before = ServerSettings.DEFAULTS;

        assertThat(before.sameAtStart(before.withAccessLog(new AccessLogSettings(true, "stdout", 1.0, Optional.empty())))).isFalse();
    }
}
