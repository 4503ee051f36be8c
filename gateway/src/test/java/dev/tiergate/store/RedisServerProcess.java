package dev.tiergate.store;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} as a child process on a free loopback port, without persistence,
 * for tests. It can be stopped, killed and restarted on the same port to simulate outages; a JVM
 * shutdown hook kills it if a test run dies before {@link #stop()}.
 */
public final class RedisServerProcess {

    static final String NOT_INSTALLED = "redis-server is not installed; install Redis 7 (e.g. apt-get install redis-server)";

    private static final long START_TIMEOUT_MILLIS = 5_000;
    private static final int SYSTEM_REDIS_PORT = 6379;

    /**
     * TLS on a port of its own, beside the plain one: the harness checks readiness and inspects over the
     * plain port, and the client under test is given only the TLS port, where nothing but TLS is spoken.
     *
     * @param server the server's certificate and key
     * @param ca the CA the server checks client certificates against
     * @param authClients whether a client must present a certificate (mutual TLS)
     * @param clusterBus whether the cluster bus speaks TLS too (cluster nodes; it stays on port + 10000, and
     *        the nodes report their TLS ports to TLS clients)
     */
    public record Tls(TestCertificates.Pair server, Path ca, boolean authClients, boolean clusterBus) {

        /** TLS for a standalone server. */
        public Tls(TestCertificates.Pair server, Path ca, boolean authClients) {
            this(server, ca, authClients, false);
        }

        List<String> args(int port, int tlsPort) {
            List<String> args = new ArrayList<>(List.of("--tls-port", Integer.toString(tlsPort), "--tls-cert-file",
                    server.cert().toString(), "--tls-key-file", server.key().toString(), "--tls-ca-cert-file", ca.toString(),
                    "--tls-auth-clients", authClients ? "yes" : "no"));
            if (clusterBus) {
                // With tls-cluster the bus would move to the TLS port + 10000, which nobody checked was free.
                args.addAll(List.of("--tls-cluster", "yes", "--cluster-port", Integer.toString(port + 10_000)));
            }
            return args;
        }
    }

    private final int port;
    private final Path dir;
    private final List<String> extraArgs;
    private final Tls tls;
    private final int tlsPort;
    private Process process;
    private Thread shutdownHook;

    private RedisServerProcess(int port, Path dir, List<String> extraArgs, Tls tls, int tlsPort) {
        this.port = port;
        this.dir = dir;
        this.extraArgs = List.copyOf(extraArgs);
        this.tls = tls;
        this.tlsPort = tlsPort;
    }

    /** Fails with {@link #NOT_INSTALLED} when there is no {@code redis-server} on the PATH. */
    public static void requireInstalled() {
        try {
            Process probe = new ProcessBuilder("redis-server", "--version").redirectErrorStream(true).start();
            probe.getInputStream().readAllBytes();
            if (!probe.waitFor(5, TimeUnit.SECONDS) || probe.exitValue() != 0) {
                throw new IllegalStateException(NOT_INSTALLED);
            }
        } catch (IOException e) {
            throw new IllegalStateException(NOT_INSTALLED, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(NOT_INSTALLED, e);
        }
    }

    /** A standalone server on a free port, answering PING. */
    public static RedisServerProcess start() throws IOException {
        return start(List.of(), false);
    }

    /**
     * A server with extra arguments; {@code busPort} also requires port + 10000 to be free, for
     * cluster mode. Retried on a new port when another process takes the chosen one first.
     */
    static RedisServerProcess start(List<String> extraArgs, boolean busPort) throws IOException {
        return start(extraArgs, busPort, null);
    }

    /** A server that also speaks TLS, on {@link #tlsPort()}; {@code tls} null for none. */
    public static RedisServerProcess start(List<String> extraArgs, boolean busPort, Tls tls) throws IOException {
        requireInstalled();
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            RedisServerProcess server = new RedisServerProcess(freePort(busPort), Files.createTempDirectory("tiergate-redis"), extraArgs,
                    tls, tls == null ? 0 : freePort(false));
            try {
                server.launch();
                return server;
            } catch (IOException e) {
                server.stop();
                last = e;
            }
        }
        throw last;
    }

    public int port() {
        return port;
    }

    Path dir() {
        return dir;
    }

    /** The TLS port, 0 for a server started without TLS. */
    public int tlsPort() {
        return tlsPort;
    }

    /** The TLS connection string of this server. */
    public String tlsUri() {
        return "rediss://127.0.0.1:" + tlsPort;
    }

    /** The connection string of this server. */
    public String uri() {
        return "redis://127.0.0.1:" + port;
    }

    public boolean isAlive() {
        return process != null && process.isAlive();
    }

    /** SIGKILL, as a crash would: no shutdown, connections reset. */
    public void kill() {
        terminate(true);
    }

    /** Starts again on the same port (stopping first if still running). */
    public void restart() throws IOException {
        terminate(false);
        launch();
    }

    /** Stops the server and deletes its directory; safe to call more than once. */
    public void stop() {
        terminate(false);
        deleteDir();
    }

    private void launch() throws IOException {
        List<String> command = new ArrayList<>(List.of("redis-server", "--port", Integer.toString(port), "--save", "",
                "--appendonly", "no", "--bind", "127.0.0.1", "--protected-mode", "no", "--dir", dir.toString()));
        if (tls != null) {
            command.addAll(tls.args(port, tlsPort));
        }
        command.addAll(extraArgs);
        Path log = dir.resolve("redis-" + port + ".log");
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
        Process started = process;
        shutdownHook = new Thread(started::destroyForcibly, "redis-" + port + "-reaper");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        awaitPing(log);
    }

    /** Polls PING on a fresh connection until it answers, the process dies, or the start timeout passes. */
    private void awaitPing(Path log) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MILLIS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("redis-server on port " + port + " exited: " + tail(log));
            }
            try (RespClient client = new RespClient(port, 200)) {
                if ("PONG".equals(client.call("PING"))) {
                    return;
                }
            } catch (IOException notYet) {
                // Not listening yet: poll again shortly.
            }
            pause(20);
        }
        terminate(true);
        throw new IOException("redis-server on port " + port + " did not answer PING within " + START_TIMEOUT_MILLIS + " ms: " + tail(log));
    }

    private void terminate(boolean force) {
        if (process == null) {
            return;
        }
        if (force) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to; nothing to remove.
        }
        process = null;
    }

    private void deleteDir() {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        } catch (IOException ignored) {
            // A temp directory left behind is harmless.
        }
    }

    private static String tail(Path log) {
        try {
            String text = Files.readString(log);
            return text.length() > 2_000 ? text.substring(text.length() - 2_000) : text;
        } catch (IOException e) {
            return "(no log)";
        }
    }

    /**
     * A port that is free now (the usual small race with the server binding it is covered by the
     * retry in {@link #start}). Cluster nodes also need port + 10000 for the bus, so those are
     * drawn from a range where that stays valid.
     */
    static int freePort(boolean busPort) throws IOException {
        if (!busPort) {
            for (int attempt = 0; attempt < 20; attempt++) {
                try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                    if (socket.getLocalPort() != SYSTEM_REDIS_PORT) {
                        return socket.getLocalPort();
                    }
                }
            }
        }
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(20_000, 30_000);
            if (isFree(port) && isFree(port + 10_000)) {
                return port;
            }
        }
        throw new IOException("no free port pair found");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
