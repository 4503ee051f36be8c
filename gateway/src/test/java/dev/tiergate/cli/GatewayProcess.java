package dev.tiergate.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"), TiergateMain.class.getName(),
                "run", "--policy", policy.toString())
                .redirectErrorStream(true)
                .start();
        GatewayProcess gateway = new GatewayProcess(process);
        gateway.awaitLine("tiergate listening", Duration.ofSeconds(60));
        return gateway;
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
