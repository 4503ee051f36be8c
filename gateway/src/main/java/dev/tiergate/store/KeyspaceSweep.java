package dev.tiergate.store;

import io.vertx.core.Future;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * Deletes every key matching a pattern on one server: {@code SCAN} page by page, each page's keys
 * deleted before the next is read. SCAN rather than KEYS so the server is never blocked on the
 * whole keyspace; keys written during the sweep may survive it, as SCAN guarantees only the keys
 * present throughout.
 */
final class KeyspaceSweep {

    private static final int PAGE_SIZE = 500;

    private final RedisTier.CommandSender sender;
    private final String pattern;

    KeyspaceSweep(RedisTier.CommandSender sender, String pattern) {
        this.sender = sender;
        this.pattern = pattern;
    }

    Future<Void> run() {
        return page("0");
    }

    private Future<Void> page(String cursor) {
        Request scan = Request.cmd(Command.SCAN).arg(cursor).arg("MATCH").arg(pattern).arg("COUNT").arg(PAGE_SIZE);
        return sender.send(scan).compose(response -> {
            String next = response.get(0).toString();
            List<Request> deletes = new ArrayList<>();
            for (Response key : response.get(1)) {
                // One key per DEL: on a cluster node the keys of one page sit in different slots,
                // and a multi-key DEL across slots is refused.
                deletes.add(Request.cmd(Command.DEL).arg(key.toBytes()));
            }
            Future<?> deleted = deletes.isEmpty() ? Future.succeededFuture() : sender.batch(deletes);
            return deleted.compose(ignored -> "0".equals(next) ? Future.succeededFuture() : page(next));
        });
    }

    /** {@code literal} as a SCAN MATCH pattern that matches only itself. */
    static String globEscape(String literal) {
        StringBuilder escaped = new StringBuilder(literal.length());
        for (int i = 0; i < literal.length(); i++) {
            char c = literal.charAt(i);
            if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') {
                escaped.append('\\');
            }
            escaped.append(c);
        }
        return escaped.toString();
    }
}
