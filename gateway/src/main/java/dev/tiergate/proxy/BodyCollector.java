package dev.tiergate.proxy;

import io.vertx.core.buffer.Buffer;

/** Collects a streamed body for storing, giving up (and freeing it) once it exceeds the limit. */
final class BodyCollector {

    private Buffer collected;
    private final long limitBytes;

    /** @param limitBytes the largest body kept; negative to collect nothing */
    BodyCollector(long limitBytes) {
        this.limitBytes = limitBytes;
        this.collected = limitBytes < 0 ? null : Buffer.buffer();
    }

    void append(Buffer chunk) {
        if (collected == null) {
            return;
        }
        if (collected.length() + chunk.length() > limitBytes) {
            collected = null;
            return;
        }
        collected.appendBuffer(chunk);
    }

    /** False once the body outgrew the limit (or when nothing was to be collected). */
    boolean collecting() {
        return collected != null;
    }

    byte[] bytes() {
        return collected.getBytes();
    }
}
