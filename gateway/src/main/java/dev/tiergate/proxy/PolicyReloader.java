package dev.tiergate.proxy;

import dev.tiergate.policy.Policy;
import dev.tiergate.policy.PolicyException;
import dev.tiergate.policy.PolicyLoader;
import dev.tiergate.policy.PolicyProblem;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.logging.Logger;

/**
 * Applies edits of the policy file to a running gateway: validate, then swap atomically. An
 * invalid file leaves the running policy in place, logs every problem and counts a failure.
 * Cached entries are untouched by a reload. Listener addresses and L1 capacity are read at start
 * only; a change to them is logged and takes effect on restart.
 */
public final class PolicyReloader {

    private static final Logger LOG = Logger.getLogger(PolicyReloader.class.getName());
    /** How often the file is checked; polling works on every file system, unlike watch services. */
    public static final long DEFAULT_POLL_MILLIS = 1000;

    /** The outcome of one reload attempt. */
    public record Outcome(boolean applied, boolean changed, List<PolicyProblem> problems) {
    }

    private final Vertx vertx;
    private final Path file;
    private final AtomicReference<ActivePolicy> current;
    private final java.time.InstantSource clock;
    private final UnaryOperator<Policy> overrides;
    private final MeterRegistry registry;
    private final UnaryOperator<String> environment;
    private byte[] lastContent;
    private long timerId = -1;

    /**
     * @param overrides re-applies command-line flags (origin, listeners) to every loaded policy
     * @param environment reads the environment variables a policy names (the trusted upstreams' secret), and the
     *     {@code TIERGATE_*} ones that replace its settings, so that a reload keeps what the start took from the environment
     */
    public PolicyReloader(Vertx vertx, Path file, AtomicReference<ActivePolicy> current, UnaryOperator<Policy> overrides,
                          MeterRegistry registry, java.time.InstantSource clock, UnaryOperator<String> environment) {
        this.environment = environment;
        this.vertx = vertx;
        this.clock = clock;
        this.file = file;
        this.current = current;
        this.overrides = overrides;
        this.registry = registry;
        this.lastContent = read();
    }

    /** Starts polling the file for changes. */
    public void watch(long pollMillis) {
        timerId = vertx.setPeriodic(pollMillis, ignored -> reloadIfChanged());
    }

    /** Reloads when the file's bytes differ from the last ones seen (on a worker thread: file I/O). */
    public Future<Outcome> reloadIfChanged() {
        return vertx.executeBlocking(() -> {
            byte[] content = read();
            if (content == null || Arrays.equals(content, lastContent)) {
                return new Outcome(false, false, List.of());
            }
            return apply(content);
        }, false);
    }

    /** Reloads now, whether or not the file changed (admin {@code POST /policy/reload}). */
    public Future<Outcome> reload() {
        return vertx.executeBlocking(() -> {
            byte[] content = read();
            return content == null ? failure(List.of(new PolicyProblem(file.toString(), 0, "", "cannot be read"))) : apply(content);
        }, false);
    }

    private synchronized Outcome apply(byte[] content) {
        lastContent = content;
        ActivePolicy active;
        try {
            active = ActivePolicy.of(overrides.apply(PolicyLoader.parse(file.toString(),
                    new String(content, java.nio.charset.StandardCharsets.UTF_8), environment)), clock, environment);
        } catch (PolicyException e) {
            return failure(e.problems());
        }
        Policy loaded = active.policy();
        Policy previous = current.getAndSet(active).policy();
        // The Cache-Status name and the trusted upstreams are read per request, so they change at once; the rest of
        // server and L1 are set up at start.
        if (!previous.server().sameAtStart(loaded.server()) || previous.l1MaxBytes() != loaded.l1MaxBytes()) {
            LOG.warning("policy " + file + ": server and l1 changes take effect on restart (cacheStatusName and trustedUpstreams at once)");
        }
        if (!previous.edge().equals(loaded.edge())) {
            // The purger holds the token read at start; a new zone or variable needs a new one.
            LOG.warning("policy " + file + ": edge changes take effect on restart");
        }
        if (!previous.tracing().equals(loaded.tracing())) {
            // The exporter and its sampler are built once, at start.
            LOG.warning("policy " + file + ": tracing changes take effect on restart");
        }
        count("success");
        LOG.info("policy " + file + " reloaded: " + loaded.routes().size() + " routes");
        return new Outcome(true, true, List.of());
    }

    private Outcome failure(List<PolicyProblem> problems) {
        count("failure");
        problems.forEach(problem -> LOG.warning("policy reload rejected, the running policy stays: " + problem));
        return new Outcome(false, true, problems);
    }

    private void count(String result) {
        Counter.builder("tiergate.policy.reloads").description("Policy reload attempts by result").tag("result", result)
                .register(registry).increment();
    }

    private byte[] read() {
        try {
            return Files.readAllBytes(file);
        } catch (IOException e) {
            return null;
        }
    }

    public void stop() {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }
}
