package dev.tiergate.proxy;

import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/**
 * Everything logged through java.util.logging (the gateway's logs and Vert.x's) while it is open, at every level,
 * formatted as a console handler would print it, with stack traces.
 */
final class LogCapture implements AutoCloseable {

    private final Logger root = Logger.getLogger("");
    private final Level previous = root.getLevel();
    private final List<String> lines = new ArrayList<>();
    private final Handler handler = new Handler() {
        private final SimpleFormatter formatter = new SimpleFormatter();

        @Override
        public void publish(LogRecord record) {
            synchronized (lines) {
                lines.add(formatter.format(record));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    private LogCapture() {
        handler.setLevel(Level.ALL);
        root.addHandler(handler);
        root.setLevel(Level.ALL);
    }

    static LogCapture everything() {
        return new LogCapture();
    }

    String text() {
        synchronized (lines) {
            return String.join("", lines);
        }
    }

    @Override
    public void close() {
        root.setLevel(previous);
        root.removeHandler(handler);
    }
}
