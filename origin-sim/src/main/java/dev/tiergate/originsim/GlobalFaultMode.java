package dev.tiergate.originsim;

import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The server-wide outage switch: while set, every request outside {@code /__sim} fails the same way,
 * which lets demos take the origin "down" without stopping it.
 */
final class GlobalFaultMode {

    /** What every request currently gets. */
    record Setting(Fault fault, int status) {
        static final Setting HEALTHY = new Setting(Fault.NONE, 200);

        JsonObject toJson() {
            JsonObject json = new JsonObject().put("fault", fault.label());
            return fault == Fault.STATUS ? json.put("status", status) : json;
        }
    }

    private final AtomicReference<Setting> current = new AtomicReference<>(Setting.HEALTHY);

    Setting current() {
        return current.get();
    }

    void set(Setting setting) {
        current.set(setting);
    }

    void clear() {
        current.set(Setting.HEALTHY);
    }
}
