package dev.tiergate.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.tiergate.policy.Policy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The order {@code tiergate run} takes a setting in: its flag, else its variable, else the policy file, else the default. */
class RunCommandEnvironmentTest {

    @TempDir
    Path dir;

    private static RunCommand command(Map<String, String> environment, String... args) {
        RunCommand command = new RunCommand(environment::get);
        new CommandLine(command).parseArgs(args);
        return command;
    }

    private Path policy(String server) throws Exception {
        Path file = dir.resolve("policy.yaml");
        Files.writeString(file, "version: 1\norigin: http://127.0.0.1:8081\n" + server);
        return file;
    }

    @Test
    void flagWinsOverEnvironmentWhichWinsOverFileWhichWinsOverDefault() throws Exception {
        Path file = policy("server: { port: 8300 }\n");
        Map<String, String> environment = Map.of("TIERGATE_PORT", "8200", "TIERGATE_ORIGIN", "http://env.internal:80");

        Policy flagged = command(environment, "--policy", file.toString(), "--port", "8100", "--origin", "http://flag.internal:80")
                .loadPolicy(file);
        Policy fromEnvironment = command(environment, "--policy", file.toString()).loadPolicy(file);
        Policy fromFile = command(Map.of(), "--policy", file.toString()).loadPolicy(file);
        Path bare = policy("");
        Policy byDefault = command(Map.of(), "--policy", bare.toString()).loadPolicy(bare);

        assertThat(flagged.server().port()).isEqualTo(8100);
        assertThat(flagged.origin().url()).isEqualTo(URI.create("http://flag.internal:80"));
        assertThat(fromEnvironment.server().port()).isEqualTo(8200);
        assertThat(fromEnvironment.origin().url()).isEqualTo(URI.create("http://env.internal:80"));
        assertThat(fromFile.server().port()).isEqualTo(8300);
        assertThat(byDefault.server().port()).isEqualTo(8080);
    }

    @Test
    void redisFlagReplacesTheL2TheEnvironmentDescribes() throws Exception {
        Path file = policy("");
        Map<String, String> environment = Map.of("TIERGATE_REDIS_URL", "redis://127.0.0.1:26379", "TIERGATE_REDIS_TYPE", "sentinel",
                "TIERGATE_REDIS_MASTER_NAME", "primary");

        assertThat(command(environment, "--redis", "redis://127.0.0.1:6400").loadPolicy(file).l2().orElseThrow().type())
                .isEqualTo("standalone");
        assertThat(command(environment).loadPolicy(file).l2().orElseThrow().type()).isEqualTo("sentinel");
    }

    @Test
    void policyFileComesFromTheFlagElseTheEnvironment() {
        assertThat(command(Map.of("TIERGATE_POLICY", "/etc/tiergate/policy.yaml"), "--policy", "here.yaml").policyFile())
                .contains(Path.of("here.yaml"));
        assertThat(command(Map.of("TIERGATE_POLICY", "/etc/tiergate/policy.yaml")).policyFile())
                .contains(Path.of("/etc/tiergate/policy.yaml"));
        assertThat(command(Map.of()).policyFile()).isEmpty();
    }

    @Test
    void eventLoopsComeFromTheFlagElseTheEnvironmentElseTheCpus() {
        assertThat(command(Map.of("TIERGATE_EVENT_LOOPS", "3"), "--event-loops", "2").eventLoops()).isEqualTo(2);
        assertThat(command(Map.of("TIERGATE_EVENT_LOOPS", "3")).eventLoops()).isEqualTo(3);
        assertThat(command(Map.of()).eventLoops()).isEqualTo(Runtime.getRuntime().availableProcessors());
    }

    @Test
    void invalidEventLoopsNameTheVariable() {
        assertThatThrownBy(() -> command(Map.of("TIERGATE_EVENT_LOOPS", "many")).eventLoops())
                .hasMessage("TIERGATE_EVENT_LOOPS (environment): \"many\" (expected: a whole number from 1 to 1024)");
        assertThatThrownBy(() -> command(Map.of("TIERGATE_EVENT_LOOPS", "0")).eventLoops())
                .hasMessageContaining("TIERGATE_EVENT_LOOPS");
    }

    @Test
    void startLineNamesTheVariablesAndNeverTheirValues() {
        Map<String, String> environment = Map.of("TIERGATE_ADMIN_TOKEN", "s3cret-admin-token", "TIERGATE_PORT", "8200",
                "TIERGATE_REDIS_URL", "redis://user:hunter2@10.1.2.3:6379", "HOME", "/root");

        String line = RunCommand.environmentLine(environment::get).orElseThrow();

        assertThat(line).isEqualTo("tiergate: from the environment: TIERGATE_PORT (server.port), "
                + "TIERGATE_ADMIN_TOKEN (--admin-token), TIERGATE_REDIS_URL (l2.url)");
        assertThat(RunCommand.environmentLine(Map.<String, String>of()::get)).isEmpty();
    }
}
