package dev.tiergate.store;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A three-master Redis Cluster of child processes (no replicas), for tests: started, joined with
 * {@code redis-cli --cluster create}, and ready once every node reports {@code cluster_state:ok}.
 */
public final class RedisClusterProcess {

    private static final long READY_TIMEOUT_MILLIS = 15_000;

    private final List<RedisServerProcess> nodes;

    private RedisClusterProcess(List<RedisServerProcess> nodes) {
        this.nodes = nodes;
    }

    /** Starts and joins the cluster; on any failure the nodes already started are stopped. */
    public static RedisClusterProcess start() throws IOException {
        return start(null);
    }

    /**
     * A cluster whose nodes also speak TLS, the bus included ({@code tls} with {@code clusterBus}); the
     * harness still joins and checks it over the plain ports.
     */
    public static RedisClusterProcess start(RedisServerProcess.Tls tls) throws IOException {
        RedisServerProcess.requireInstalled();
        List<RedisServerProcess> nodes = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                nodes.add(startNode(tls));
            }
            RedisClusterProcess cluster = new RedisClusterProcess(nodes);
            cluster.create();
            cluster.awaitOk();
            return cluster;
        } catch (IOException | RuntimeException e) {
            nodes.forEach(RedisServerProcess::stop);
            throw e;
        }
    }

    private static RedisServerProcess startNode(RedisServerProcess.Tls tls) throws IOException {
        // Every node has its own directory, so one config file name serves all and no port goes into it.
        return RedisServerProcess.start(List.of("--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf",
                "--cluster-node-timeout", "5000"), true, tls);
    }

    /** Connection strings of every node, usable as cluster seeds. */
    public List<String> uris() {
        return nodes.stream().map(RedisServerProcess::uri).toList();
    }

    /** TLS connection strings of every node, for a cluster started with TLS. */
    public List<String> tlsUris() {
        return nodes.stream().map(RedisServerProcess::tlsUri).toList();
    }

    List<RedisServerProcess> nodes() {
        return nodes;
    }

    public void stop() {
        nodes.forEach(RedisServerProcess::stop);
    }

    private void create() throws IOException {
        List<String> command = new ArrayList<>(List.of("redis-cli", "--cluster", "create"));
        nodes.forEach(node -> command.add("127.0.0.1:" + node.port()));
        command.addAll(List.of("--cluster-replicas", "0", "--cluster-yes"));
        Process cli = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String output = new String(cli.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!cli.waitFor(30, TimeUnit.SECONDS) || cli.exitValue() != 0) {
                throw new IOException("redis-cli --cluster create failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        } finally {
            cli.destroyForcibly();
        }
    }

    /** Polls CLUSTER INFO on every node until all agree the cluster is usable. */
    private void awaitOk() throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(READY_TIMEOUT_MILLIS);
        String last = "";
        while (System.nanoTime() < deadline) {
            boolean allOk = true;
            for (RedisServerProcess node : nodes) {
                try (RespClient client = new RespClient(node.port())) {
                    last = client.callString("CLUSTER", "INFO");
                    allOk &= last.contains("cluster_state:ok");
                }
            }
            if (allOk) {
                return;
            }
            RedisServerProcess.pause(50);
        }
        throw new IOException("cluster not ok within " + READY_TIMEOUT_MILLIS + " ms: " + last);
    }
}
