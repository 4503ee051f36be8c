package dev.tiergate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.tiergate.policy.EnvironmentVariable;
import dev.tiergate.policy.ServerSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code deploy/}: the Kubernetes manifests and the systemd unit agree with the gateway, and drift is caught. */
class DeployManifestsTest {

    private static final Path KUBERNETES = DeployManifests.ROOT.resolve("deploy/kubernetes");
    private static final Path SYSTEMD = DeployManifests.ROOT.resolve("deploy/systemd");

    @TempDir
    Path dir;

    private static Map<String, Object> only(Path file) throws Exception {
        return DeployManifests.documents(file).get(0);
    }

    @Test
    void deploymentMatchesTheGatewaysPortsProbesVariablesAndDrain() throws Exception {
        Map<String, Object> deployment = only(KUBERNETES.resolve("deployment.yaml"));

        assertThat(DeployManifests.deploymentProblems(deployment, only(KUBERNETES.resolve("configmap.yaml")))).isEmpty();
        assertThat(DeployManifests.serviceProblems(only(KUBERNETES.resolve("service.yaml")), deployment)).isEmpty();
    }

    @Test
    void driftedDeploymentIsCaughtOnEveryCheck() throws Exception {
        Path fixture = Path.of("src/test/resources/deploy/drifted-deployment.yaml");

        assertThat(DeployManifests.deploymentProblems(only(fixture), only(KUBERNETES.resolve("configmap.yaml")))).containsExactly(
                "env TIERGATE_REDIS_HOST: not a variable the gateway reads (expected one of " + DeployManifests.knownVariables() + ")",
                "containerPort http: 8080 (expected: the gateway's port, 8000)",
                "readinessProbe.httpGet.path: /ready (expected: /health/ready)",
                "livenessProbe.httpGet.port: http (expected: the admin port, 9090)",
                "terminationGracePeriodSeconds: 30 (expected: more than drainDelay + drainTimeout, 35 s)");
        assertThat(DeployManifests.serviceProblems(Map.of("spec", Map.of("ports", List.of(Map.of("name", "web", "targetPort", "web")))),
                only(fixture))).containsExactly("Service port web: targetPort web (expected one of [http, admin])");
    }

    @Test
    void systemdEnvironmentFileNamesOnlyVariablesTheGatewayReads() throws Exception {
        Map<String, String> environment = DeployManifests.environmentFile(SYSTEMD.resolve("tiergate.env.example"));

        assertThat(DeployManifests.knownVariables()).containsAll(environment.keySet());
        assertThat(environment.keySet()).contains(EnvironmentVariable.POLICY, EnvironmentVariable.ADMIN_TOKEN, "TIERGATE_REDIS_TYPE",
                "TIERGATE_REDIS_MASTER_NAME", "TIERGATE_OTLP_ENDPOINT");
    }

    @Test
    void systemdStopTimeoutOutlastsTheDrainAndTheUnitRunsTheLauncher() throws Exception {
        String unit = Files.readString(SYSTEMD.resolve("tiergate.service"));
        Map<String, String> environment = DeployManifests.environmentFile(SYSTEMD.resolve("tiergate.env.example"));
        Duration drain = duration(environment.get("TIERGATE_DRAIN_DELAY"), ServerSettings.DEFAULT_DRAIN_DELAY)
                .plus(duration(environment.get("TIERGATE_DRAIN_TIMEOUT"), ServerSettings.DEFAULT_DRAIN_TIMEOUT));

        Matcher timeout = Pattern.compile("(?m)^TimeoutStopSec=(\\d+)$").matcher(unit);
        assertThat(timeout.find()).as("TimeoutStopSec set").isTrue();
        assertThat(Long.parseLong(timeout.group(1))).isGreaterThan(drain.toSeconds());
        assertThat(unit).contains("ExecStart=/opt/tiergate/bin/tiergate run", "KillSignal=SIGTERM",
                "EnvironmentFile=/etc/tiergate/tiergate.env");
    }

    @Test
    void systemdAnalyzeAcceptsTheUnit() throws Exception {
        Assumptions.assumeTrue(onPath("systemd-analyze"), "systemd-analyze is not installed: the unit's syntax is not verified here");
        String unit = Files.readString(SYSTEMD.resolve("tiergate.service"))
                .replace("/opt/tiergate/bin/tiergate", DeployManifests.LAUNCHER.toString())
                .replace("/etc/tiergate/tiergate.env", SYSTEMD.resolve("tiergate.env.example").toString());
        Path copy = Files.writeString(dir.resolve("tiergate.service"), unit);

        Process verify = new ProcessBuilder("systemd-analyze", "verify", copy.toString()).redirectErrorStream(true).start();
        String output = new String(verify.getInputStream().readAllBytes());
        assertThat(verify.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(output).as("systemd-analyze verify").isEmpty();
        assertThat(verify.exitValue()).isZero();
    }

    private static Duration duration(String text, Duration fallback) {
        return text == null || text.isBlank() ? fallback : Duration.parse("PT" + text.toUpperCase(java.util.Locale.ROOT));
    }

    private static boolean onPath(String tool) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            if (Files.isExecutable(Path.of(dir, tool))) {
                return true;
            }
        }
        return false;
    }
}
