package dev.tiergate.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/tiergate}, run by bash with a stand-in {@code java} that reports how it was called: the JVM flags, then
 * {@code JAVA_OPTS}, then the jar and the arguments; the JVM in the script's place (exec), and clear failures without
 * java or the jar.
 */
class LauncherScriptTest {

    /** By its path: the PATH a test gives the script need not hold it. */
    private static final String BASH = Files.isExecutable(Path.of("/bin/bash")) ? "/bin/bash" : "/usr/bin/bash";
    private static final Path SCRIPT = Path.of("..", "bin", "tiergate").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private record Run(int exitCode, String output) {
    }

    private Run run(Map<String, String> environment, String... args) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(new java.util.ArrayList<>(List.of(BASH, SCRIPT.toString()))).redirectErrorStream(true);
        builder.command().addAll(List.of(args));
        builder.environment().keySet().removeIf(name -> name.startsWith("TIERGATE_") || name.equals("JAVA_OPTS")
                || name.equals("JAVA_HOME"));
        builder.environment().putAll(environment);
        Process process = builder.start();
        // The script's own PID, which a JVM started by exec keeps.
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output.replace("PID " + process.pid(), "PID <script>"));
    }

    /** A JAVA_HOME whose bin/java prints its PID and arguments. */
    private Path fakeJavaHome() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("jdk").resolve("bin"));
        Path java = Files.writeString(bin.resolve("java"), "#!/bin/sh\necho \"PID $$\"\nfor arg in \"$@\"; do echo \"arg $arg\"; done\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return bin.getParent();
    }

    @Test
    void jvmFlagsThenJavaOptsThenTheJarAndArgumentsInTheScriptsProcess() throws Exception {
        Path jar = Files.writeString(dir.resolve("tiergate.jar"), "stand-in");

        Run run = run(Map.of("JAVA_HOME", fakeJavaHome().toString(), "TIERGATE_JAR", jar.toString(),
                "JAVA_OPTS", "-XX:MaxRAMPercentage=50 -Dx=y"), "run", "--policy", "p.yaml");

        assertThat(run.exitCode()).isZero();
        assertThat(run.output().lines().toList()).containsExactly("PID <script>",
                "arg -XX:+UseG1GC", "arg -XX:MaxRAMPercentage=75", "arg -XX:InitialRAMPercentage=75", "arg -XX:+ExitOnOutOfMemoryError",
                "arg -XX:MaxRAMPercentage=50", "arg -Dx=y",
                "arg -jar", "arg " + jar, "arg run", "arg --policy", "arg p.yaml");
    }

    @Test
    void missingJarIsNamedWithHowToBuildIt() throws Exception {
        Run run = run(Map.of("JAVA_HOME", fakeJavaHome().toString(), "TIERGATE_JAR", dir.resolve("absent.jar").toString()));

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.output()).contains("absent.jar is missing", "mvn -B -ntp -q package -DskipTests").doesNotContain("PID");
    }

    @Test
    void missingJavaIsNamed() throws Exception {
        Run withoutHome = run(Map.of("JAVA_HOME", dir.resolve("no-jdk").toString()));
        Run withoutPath = run(Map.of("PATH", toolsWithoutJava().toString()));

        assertThat(withoutHome.exitCode()).isEqualTo(127);
        assertThat(withoutHome.output()).contains("no-jdk/bin/java is not an executable", "Java 17+");
        assertThat(withoutPath.exitCode()).isEqualTo(127);
        assertThat(withoutPath.output()).contains("'java' is not on the PATH and JAVA_HOME is unset");
    }

    /** A PATH with copies of the tools the script needs, and no java. */
    private Path toolsWithoutJava() throws Exception {
        Path tools = Files.createDirectories(dir.resolve("tools"));
        for (String tool : List.of("dirname", "readlink")) {
            Path found = Path.of("/usr/bin", tool);
            Files.copy(Files.exists(found) ? found : Path.of("/bin", tool), tools.resolve(tool), java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        }
        return tools;
    }
}
