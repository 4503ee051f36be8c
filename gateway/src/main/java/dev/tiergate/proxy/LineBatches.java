package dev.tiergate.proxy;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Lines gathered per writing thread and handed on in batches: when a thread's batch reaches {@link #MAX_CHARS}, and
 * for every batch on {@link #handOverAll()}, which a timer calls. The event loops' cost per line is then an append to
 * a builder they own, and the writer behind {@code sink} wakes and writes once per batch instead of once per line.
 * Lines keep their order within a thread; batches of different threads interleave.
 */
final class LineBatches {

    /** About forty access-log lines: one write of a few pages. */
    static final int MAX_CHARS = 16 * 1024;

    private final Consumer<String> sink;
    private final List<Batch> batches = new CopyOnWriteArrayList<>();
    private final ThreadLocal<Batch> own = ThreadLocal.withInitial(this::register);

    /** @param sink receives each batch: whole lines, each ending in {@code \n} */
    LineBatches(Consumer<String> sink) {
        this.sink = sink;
    }

    /** What builds one line into the batch's builder, ending it with {@code \n}. */
    interface Line {
        void appendTo(StringBuilder out);
    }

    /** Appends a line to the calling thread's batch, and hands the batch on when it is full. */
    void add(Line line) {
        String full = own.get().add(line);
        if (full != null) {
            sink.accept(full);
        }
    }

    /** Hands on every thread's pending lines: the timer's tick, and the last act before closing. */
    void handOverAll() {
        for (Batch batch : batches) {
            String pending = batch.drain();
            if (pending != null) {
                sink.accept(pending);
            }
        }
    }

    private Batch register() {
        Batch batch = new Batch();
        batches.add(batch);
        return batch;
    }

    /**
     * One thread's lines. Its lock is taken by its thread for every line and by the timer a few times a second, so it
     * is almost never contended.
     */
    private static final class Batch {
        private final StringBuilder lines = new StringBuilder(MAX_CHARS + 1024);

        synchronized String add(Line line) {
            line.appendTo(lines);
            return lines.length() >= MAX_CHARS ? drain() : null;
        }

        synchronized String drain() {
            if (lines.length() == 0) {
                return null;
            }
            String text = lines.toString();
            lines.setLength(0);
            return text;
        }
    }
}
