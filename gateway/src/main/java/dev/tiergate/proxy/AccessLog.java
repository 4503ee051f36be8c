package dev.tiergate.proxy;

import ch.qos.logback.classic.AsyncAppender;
import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import dev.tiergate.plan.ServedOutcome;
import dev.tiergate.policy.AccessLogSettings;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.LoggerFactory;

/**
 * The access log: one JSON object per line and per client request, encoded on the event loop into that loop's
 * {@link LineBatches batch}, and handed to Logback's {@link AsyncAppender} a batch at a time (when it is full, and at
 * least every {@link #HAND_OVER_MILLIS}); the appender's own thread writes each batch to standard output or a file
 * with one write. A full queue drops batches rather than stall an event loop.
 */
final class AccessLog {

    /** The logger every gateway's access log hangs under; each gateway in a process has a child of its own. */
    static final String LOGGER_NAME = "tiergate.access";
    /** A client's request id is kept when it is this short and plain; anything else is replaced, never logged or forwarded. */
    private static final Pattern VALID_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");
    /** Batches waiting for the writer thread at most: about 20,000 lines, 8 MiB. */
    private static final int QUEUE_SIZE = 512;
    /**
     * The longest a line waits in its event loop's batch: what a crash can lose at most, beyond the appender's queue,
     * and how far {@code tail -f} lags behind a quiet gateway.
     */
    static final long HAND_OVER_MILLIS = 250;
    /** How long a closing gateway waits for queued lines to be written. */
    private static final int FLUSH_MILLIS = 2000;
    private static final int MIN_KEY_LENGTH = 16;
    private static final String HMAC = "HmacSHA256";
    private static final AtomicInteger INSTANCES = new AtomicInteger();
    private static final HexFormat HEX = HexFormat.of();

    /** An access log that writes nothing. */
    static final AccessLog OFF = new AccessLog(AccessLogSettings.DISABLED, null, null, null);

    private final AccessLogSettings settings;
    private final Logger logger;
    private final AsyncAppender appender;
    private final ThreadLocal<Mac> subjectMac;
    private final LineBatches batches;
    private final ScheduledExecutorService handOver;

    private AccessLog(AccessLogSettings settings, Logger logger, AsyncAppender appender, SecretKeySpec subjectKey) {
        this.settings = settings;
        this.logger = logger;
        this.appender = appender;
        this.subjectMac = subjectKey == null ? null : ThreadLocal.withInitial(() -> mac(subjectKey));
        if (logger == null) {
            this.batches = null;
            this.handOver = null;
            return;
        }
        this.batches = new LineBatches(logger::info);
        this.handOver = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "tiergate-access-log-hand-over");
            thread.setDaemon(true);
            return thread;
        });
        handOver.scheduleAtFixedRate(batches::handOverAll, HAND_OVER_MILLIS, HAND_OVER_MILLIS, TimeUnit.MILLISECONDS);
    }

    /**
     * Starts writing as {@code settings} say, or returns {@link #OFF} when they disable the log.
     *
     * @param environment where the subject key's variable is read
     * @throws IllegalStateException when the subject key's variable is unset or short, or the target cannot be opened
     */
    static AccessLog start(AccessLogSettings settings, UnaryOperator<String> environment) {
        if (!settings.enabled()) {
            return OFF;
        }
        SecretKeySpec key = new SecretKeySpec(subjectKey(settings, environment), HMAC);
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext context)) {
            throw new IllegalStateException("server.accessLog needs Logback as the SLF4J provider, found "
                    + LoggerFactory.getILoggerFactory().getClass().getName());
        }
        PatternLayoutEncoder encoder = new PatternLayoutEncoder();
        encoder.setContext(context);
        // A message is a batch of whole lines, each with its newline.
        encoder.setPattern("%msg");
        encoder.setCharset(StandardCharsets.UTF_8);
        encoder.start();
        OutputStreamAppender<ILoggingEvent> target = output(settings);
        target.setContext(context);
        target.setName("tiergate-access-target");
        target.setEncoder(encoder);
        target.start();
        if (!target.isStarted()) {
            throw new IllegalStateException("server.accessLog.target: cannot write to \"" + settings.target() + "\"");
        }
        AsyncAppender async = new AsyncAppender();
        async.setContext(context);
        async.setName("tiergate-access");
        async.setQueueSize(QUEUE_SIZE);
        // Every level is INFO here: drop lines only when the queue is full, and then rather than block.
        async.setDiscardingThreshold(0);
        async.setNeverBlock(true);
        async.setIncludeCallerData(false);
        async.setMaxFlushTime(FLUSH_MILLIS);
        async.addAppender(target);
        async.start();
        Logger logger = context.getLogger(LOGGER_NAME + "." + INSTANCES.incrementAndGet());
        logger.setAdditive(false);
        logger.setLevel(Level.INFO);
        logger.addAppender(async);
        return new AccessLog(settings, logger, async, key);
    }

    private static OutputStreamAppender<ILoggingEvent> output(AccessLogSettings settings) {
        if (settings.toStdout()) {
            ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
            console.setTarget("System.out");
            return console;
        }
        FileAppender<ILoggingEvent> file = new FileAppender<>();
        file.setFile(settings.target());
        file.setAppend(true);
        return file;
    }

    /** The configured key, or a random one: hashes then match within this process only. */
    private static byte[] subjectKey(AccessLogSettings settings, UnaryOperator<String> environment) {
        if (settings.subjectKeyEnv().isEmpty()) {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            return random;
        }
        String name = settings.subjectKeyEnv().get();
        String value = environment.apply(name);
        if (value == null || value.length() < MIN_KEY_LENGTH) {
            throw new IllegalStateException("server.accessLog.subjectKeyEnv: " + name + " is " + (value == null ? "unset" : "too short")
                    + " (expected: at least " + MIN_KEY_LENGTH + " characters)");
        }
        return value.getBytes(StandardCharsets.UTF_8);
    }

    private static Mac mac(SecretKeySpec key) {
        try {
            Mac mac = Mac.getInstance(HMAC);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is unavailable", e);
        }
    }

    boolean enabled() {
        return logger != null;
    }

    /** The client's id when it is valid, else a new random one (128 bits, hex). */
    static String requestId(Optional<String> sent) {
        if (sent.isPresent() && VALID_REQUEST_ID.matcher(sent.get()).matches()) {
            return sent.get();
        }
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return HEX.formatHex(java.nio.ByteBuffer.allocate(16).putLong(random.nextLong()).putLong(random.nextLong()).array());
    }

    /** The subject as the log shows it: the first 128 bits of its HMAC-SHA256 under this log's key, hex. */
    Optional<String> subjectHash(Optional<String> subject) {
        if (subjectMac == null || subject.isEmpty()) {
            return Optional.empty();
        }
        byte[] digest = subjectMac.get().doFinal(subject.get().getBytes(StandardCharsets.UTF_8));
        return Optional.of(HEX.formatHex(digest, 0, 16));
    }

    /** Logs the request, unless sampling leaves it out (a 5xx never is). */
    void write(AccessEntry entry, String cacheStatusName) {
        if (logger == null || !sampled(entry.status())) {
            return;
        }
        batches.add(out -> {
            appendLine(out, entry, cacheStatusName);
            out.append('\n');
        });
    }

    private boolean sampled(int status) {
        double sample = settings.sample();
        return sample >= 1.0 || status >= 500 || ThreadLocalRandom.current().nextDouble() < sample;
    }

    /** The JSON object of one request; absent values are null, so every line has the same fields. */
    static String line(AccessEntry entry, String cacheStatusName) {
        StringBuilder out = new StringBuilder(512);
        appendLine(out, entry, cacheStatusName);
        return out.toString();
    }

    private static void appendLine(StringBuilder out, AccessEntry entry, String cacheStatusName) {
        ServedOutcome outcome = entry.outcome();
        String cache = outcome == ServedOutcome.L1_HIT || outcome == ServedOutcome.L2_HIT ? "hit" : outcome.tag();
        JsonText.name(out.append('{'), "time").append('"');
        DateTimeFormatter.ISO_INSTANT.formatTo(entry.time(), out);
        out.append('"');
        JsonText.string(JsonText.name(out.append(','), "requestId"), entry.requestId().orElse(null));
        JsonText.string(JsonText.name(out.append(','), "method"), entry.method());
        JsonText.string(JsonText.name(out.append(','), "host"), entry.host());
        JsonText.string(JsonText.name(out.append(','), "path"), entry.target());
        JsonText.name(out.append(','), "status").append(entry.status());
        JsonText.name(out.append(','), "bytes").append(entry.bytesSent());
        JsonText.millis(JsonText.name(out.append(','), "durationMs"), micros(entry.totalNanos()));
        JsonText.name(out.append(','), "originMs");
        if (entry.originNanos() < 0) {
            out.append("null");
        } else {
            JsonText.millis(out, micros(entry.originNanos()));
        }
        JsonText.string(JsonText.name(out.append(','), "route"), entry.route());
        JsonText.string(JsonText.name(out.append(','), "segment"), entry.segment().isEmpty() ? null : entry.segment());
        JsonText.string(JsonText.name(out.append(','), "cache"), cache);
        JsonText.string(JsonText.name(out.append(','), "detail"), entry.cacheStatus().detail().orElse(null));
        JsonText.string(JsonText.name(out.append(','), "outcome"), outcome.tag());
        JsonText.string(JsonText.name(out.append(','), "tier"), outcome.tier().orElse(null));
        JsonText.string(JsonText.name(out.append(','), "cacheStatus"), entry.cacheStatus().format(cacheStatusName));
        JsonText.string(JsonText.name(out.append(','), "subject"), entry.subject().orElse(null));
        JsonText.name(out.append(','), "completed").append(entry.completed()).append('}');
    }

    private static long micros(long nanos) {
        return (nanos + 500) / 1_000;
    }

    /** Hands on every batch, writes what is queued (waiting up to two seconds) and stops. */
    void close() {
        if (logger != null) {
            handOver.shutdown();
            try {
                // A tick in progress hands its batches to the appender before it stops.
                handOver.awaitTermination(FLUSH_MILLIS, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            batches.handOverAll();
            logger.detachAppender(appender);
            appender.stop();
        }
    }
}
