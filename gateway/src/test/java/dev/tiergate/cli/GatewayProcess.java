package dev.tiergate.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * {@code tiergate run} as a child process (the test class path, the real main class), so that tests can send it
 * real signals. Its output is collected line by line.
 */
final class GatewayProcess implements AutoCloseable {

    private final Process process;
    private final List<String> lines = new CopyOnWriteArrayList<>();

    private GatewayProcess(Process process) {
        this.process = process;
        Thread reader = new Thread(() -> {
            try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = output.readLine(); line != null; line = output.readLine()) {
                    lines.add(line);
                }
            } catch (IOException ignored) {
                // the process is gone
            }
        }, "gateway-process-output");
        reader.setDaemon(true);
        reader.start();
    }

    /** Starts {@code tiergate run --policy policy} and waits, bounded, until it listens. */
    static GatewayProcess run(Path policy) throws Exception {
        return run(List.of("--policy", policy.toString()), Map.of());
    }

    /**
     * Starts {@code tiergate run ARGS} with {@code environment} as its only {@code TIERGATE_*} variables (the test
     * run's own are removed), and waits, bounded, until it listens.
     */
    static GatewayProcess run(List<String> args, Map<String, String> environment) throws Exception {
        GatewayProcess gateway = start(args, environment);
        gateway.awaitLine("tiergate listening", Duration.ofSeconds(60));
        return gateway;
    }

    /** Starts {@code tiergate run ARGS} without waiting for it: for starts expected to fail. */
    static GatewayProcess start(List<String> args, Map<String, String> environment) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), TiergateMain.class.getName(),
                "run"));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("TIERGATE_"));
        builder.environment().putAll(environment);
        return new GatewayProcess(builder.start());
    }

    /** Sends SIGTERM (kill -TERM), as an orchestrator does. */
    void terminate() throws Exception {
        Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(process.pid())).inheritIO().start();
        if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
            throw new AssertionError("kill -TERM " + process.pid() + " failed");
        }
    }

    /** Waits, bounded, for a line of output containing {@code text}; the line. */
    String awaitLine(String text, Duration bound) throws InterruptedException {
        long deadline = System.nanoTime() + bound.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : lines) {
                if (line.contains(text)) {
                    return line;
                }
            }
            if (!process.isAlive() && lines.stream().noneMatch(line -> line.contains(text))) {
                throw new AssertionError("the gateway exited (" + process.exitValue() + ") without printing \"" + text + "\":\n" + output());
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no line with \"" + text + "\" within " + bound + ":\n" + output());
    }

    /** The exit code, waiting at most {@code bound}. */
    int awaitExit(Duration bound) throws InterruptedException {
        if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("the gateway did not exit within " + bound + ":\n" + output());
        }
        return process.exitValue();
    }

    String output() {
        return String.join("\n", lines);
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
