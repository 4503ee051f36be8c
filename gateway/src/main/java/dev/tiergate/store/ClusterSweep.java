package dev.tiergate.store;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisClientType;
import io.vertx.redis.client.RedisOptions;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Clears a Redis Cluster: SCAN is per node and the cluster client cannot carry a cursor to one
 * node, so the masters are listed with {@code CLUSTER SLOTS} and each is swept through a short-lived
 * standalone client with the tier's credentials and TLS scheme. A slot migrating during the sweep
 * can make it fail (MOVED) or miss keys; clear is an operator action and can be repeated.
 */
final class ClusterSweep {

    private ClusterSweep() {
    }

    static Future<Void> run(Vertx vertx, RedisTier.CommandSender cluster, RedisOptions clientOptions, String pattern) {
        return cluster.send(Request.cmd(Command.CLUSTER).arg("SLOTS")).compose(slots -> {
            List<Future<Void>> sweeps = new ArrayList<>();
            for (String master : masters(slots, clientOptions.getEndpoint())) {
                RedisOptions nodeOptions = new RedisOptions(clientOptions)
                        .setType(RedisClientType.STANDALONE)
                        .setEndpoints(List.of(master))
                        .setMaxPoolSize(1);
                Redis node = Redis.createClient(vertx, nodeOptions);
                RedisTier.CommandSender sender = new RedisTier.CommandSender(node, cluster.timeoutMillis());
                sweeps.add(new KeyspaceSweep(sender, pattern).run().eventually(node::close));
            }
            return Future.all(sweeps).mapEmpty();
        });
    }

    /**
     * The master of every slot range as a connection string built on {@code seed}, so the scheme
     * (TLS or not) and user:password carry over. Each range is {@code [start, end, [host, port, id, ...], replicas...]}.
     */
    static Set<String> masters(Response slots, String seed) {
        URI seedUri = URI.create(seed);
        String userInfo = seedUri.getRawUserInfo() == null ? "" : seedUri.getRawUserInfo() + "@";
        Set<String> masters = new LinkedHashSet<>();
        for (Response range : slots) {
            Response master = range.get(2);
            String host = master.get(0).toString();
            if (host.isEmpty() || "?".equals(host)) {
                // An empty or "?" endpoint means "the node you asked" / unknown; the seed is the best guess we have.
                host = seedUri.getHost();
            }
            if (host.contains(":") && !host.startsWith("[")) {
                host = "[" + host + "]";
            }
            masters.add(seedUri.getScheme() + "://" + userInfo + host + ":" + master.get(1).toInteger());
        }
        return masters;
    }
}
