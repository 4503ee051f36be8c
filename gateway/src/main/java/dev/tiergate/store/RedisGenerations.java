package dev.tiergate.store;

import dev.tiergate.cache.GenerationCounter;
import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Purge generations in Redis: one hash per scope, {@code prefix + "g:" + scope} (so {@code g:all},
 * {@code g:r:<route>}, {@code g:u:<family>}, {@code g:t:<tag>}), with fields {@code v} (version,
 * incremented by every purge) and {@code f} (floor, the version of the last hard purge). One key per
 * scope keeps each purge a single-key command, which Redis Cluster can route; a missing key is zero.
 * The keys have no expiry: a counter that vanished would resurrect the entries it purged.
 */
final class RedisGenerations {

    /** Increments v and, for a hard purge, sets f to it, atomically; returns {v, f}. */
    private static final String BUMP = "local v = redis.call('HINCRBY', KEYS[1], 'v', 1) "
            + "if ARGV[1] == '1' then redis.call('HSET', KEYS[1], 'f', v) end "
            + "return {v, tonumber(redis.call('HGET', KEYS[1], 'f') or '0')}";

    private final RedisTier.CommandSender sender;
    private final String keyPrefix;

    RedisGenerations(RedisTier.CommandSender sender, String keyPrefix) {
        this.sender = sender;
        this.keyPrefix = keyPrefix;
    }

    /**
     * The current generation of each scope. The reads are sent side by side rather than as one batch:
     * scopes hash to different slots, and a Redis Cluster refuses a batch across slots.
     */
    Future<Map<String, GenerationCounter>> load(List<String> scopes) {
        if (scopes.isEmpty()) {
            return Future.succeededFuture(Map.of());
        }
        List<Future<Response>> reads = new ArrayList<>(scopes.size());
        for (String scope : scopes) {
            reads.add(sender.send(Request.cmd(Command.HMGET).arg(key(scope)).arg("v").arg("f")));
        }
        return Future.all(reads).map(done -> {
            Map<String, GenerationCounter> counters = new LinkedHashMap<>();
            for (int i = 0; i < scopes.size(); i++) {
                Response fields = reads.get(i).result();
                counters.put(scopes.get(i), new GenerationCounter(number(fields.get(0)), number(fields.get(1))));
            }
            return counters;
        });
    }

    /** Records a purge of the scope; the result is its generation after the purge. */
    Future<GenerationCounter> bump(String scope, boolean hard) {
        return sender.send(Request.cmd(Command.EVAL).arg(BUMP).arg(1).arg(key(scope)).arg(hard ? "1" : "0"))
                .map(response -> new GenerationCounter(response.get(0).toLong(), response.get(1).toLong()));
    }

    private String key(String scope) {
        return keyPrefix + "g:" + scope;
    }

    /** A field's value; a missing field (nil, in RESP2 or RESP3) is zero. */
    private static long number(Response field) {
        return field == null ? 0 : field.toLong();
    }
}
