package dev.tiergate.cli;

import dev.tiergate.admin.AdminAccess;
import dev.tiergate.policy.EnvironmentVariable;
import dev.tiergate.policy.L2Settings;
import dev.tiergate.policy.ListenerTls;
import dev.tiergate.policy.Policy;
import dev.tiergate.policy.PolicyException;
import dev.tiergate.policy.PolicyLoader;
import dev.tiergate.policy.ServerSettings;
import dev.tiergate.proxy.Gateway;
import dev.tiergate.proxy.PolicyReloader;
import io.vertx.core.Vertx;
import java.net.URI;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code tiergate run --policy FILE}: starts the gateway. A setting comes from its flag, else its {@code TIERGATE_*}
 * variable, else the policy file, else its default.
 */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the gateway in front of the policy's origin.")
final class RunCommand implements Callable<Integer> {

    /** Far more than a gateway's CPUs: a typo, not a choice. */
    static final int MAX_EVENT_LOOPS = 1024;

    @Option(names = "--policy", description = "Policy file (YAML) (default: $TIERGATE_POLICY).")
    private Path policyFile;

    @Option(names = "--port", description = "Proxy port (default: $TIERGATE_PORT, else the policy's, else 8080).")
    private Integer port;

    @Option(names = "--host", description = "Proxy bind address (default: $TIERGATE_HOST, else the policy's, else 127.0.0.1).")
    private String host;

    @Option(names = "--admin-port", description = "Admin API port (default: $TIERGATE_ADMIN_PORT, else the policy's, else 9090).")
    private Integer adminPort;

    @Option(names = "--origin", description = "Origin base URL, e.g. http://127.0.0.1:8081 (default: $TIERGATE_ORIGIN, else the policy's).")
    private URI origin;

    @Option(names = "--redis", description = "Regional L2 tier: a standalone Redis URL, redis://[user:password@]host:port "
            + "(default: the TIERGATE_REDIS_* variables over the policy's l2, else none: L1 only).")
    private String redis;

    @Option(names = "--event-loops", description = "Event loops accepting connections (default: $TIERGATE_EVENT_LOOPS, else number of CPUs).")
    private Integer eventLoops;

    @Option(names = "--admin-token", description = "Bearer token for the admin API's purge, stats and reload endpoints "
            + "(default: $TIERGATE_ADMIN_TOKEN; without one the admin API must listen on loopback).")
    private String adminToken;

    @Option(names = "--tls-cert", description = "HTTPS: the listener's PEM certificate chain, with --tls-key "
            + "(over $TIERGATE_TLS_CERT and the policy's server.tls).")
    private Path tlsCert;

    @Option(names = "--tls-key", description = "HTTPS: the PEM private key of --tls-cert (over $TIERGATE_TLS_KEY).")
    private Path tlsKey;

    @Option(names = "--tls-keystore", description = "HTTPS: a PKCS#12 keystore instead of --tls-cert and --tls-key, "
            + "its password in the variable --tls-password-env names.")
    private Path tlsKeystore;

    @Option(names = "--tls-password-env", description = "The environment variable holding the --tls-keystore password "
            + "(default: TIERGATE_TLS_PASSWORD).")
    private String tlsPasswordEnv;

    /** The listener certificate the flags or the environment name, if any; they win over the policy's. */
    private Optional<ListenerTls> tlsFlags() {
        if (tlsKeystore != null) {
            return Optional.of(new ListenerTls.Pkcs12(tlsKeystore.toAbsolutePath(),
                    tlsPasswordEnv != null ? tlsPasswordEnv : "TIERGATE_TLS_PASSWORD"));
        }
        if (tlsCert == null && tlsKey == null) {
            return Optional.empty();
        }
        if (tlsCert == null || tlsKey == null) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together");
        }
        return Optional.of(new ListenerTls.Pem(tlsCert.toAbsolutePath(), tlsKey.toAbsolutePath()));
    }

    /** Where {@code TIERGATE_*} variables are read: the process's environment, or a test's. */
    private final UnaryOperator<String> environment;

    RunCommand() {
        this(System::getenv);
    }

    RunCommand(UnaryOperator<String> environment) {
        this.environment = environment;
    }

    /** The flag, else the environment; never logged. */
    private AdminAccess adminAccess() {
        return new AdminAccess(Optional.ofNullable(adminToken).or(() -> EnvironmentVariable.named(EnvironmentVariable.ADMIN_TOKEN)
                .valueIn(environment)));
    }

    /** The flag, else {@code TIERGATE_POLICY}; empty when neither names a file. */
    Optional<Path> policyFile() {
        return Optional.ofNullable(policyFile).or(() -> EnvironmentVariable.named(EnvironmentVariable.POLICY).valueIn(environment)
                .map(Path::of));
    }

    /**
     * The flag, else {@code TIERGATE_EVENT_LOOPS}, else one per CPU.
     *
     * @throws IllegalArgumentException naming the variable, when its value is not a count
     */
    int eventLoops() {
        if (eventLoops != null) {
            return eventLoops;
        }
        Optional<String> text = EnvironmentVariable.named(EnvironmentVariable.EVENT_LOOPS).valueIn(environment);
        if (text.isEmpty()) {
            return Runtime.getRuntime().availableProcessors();
        }
        try {
            int count = Integer.parseInt(text.get());
            if (count >= 1 && count <= MAX_EVENT_LOOPS) {
                return count;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(EnvironmentVariable.EVENT_LOOPS + " (environment): \"" + text.get()
                + "\" (expected: a whole number from 1 to " + MAX_EVENT_LOOPS + ")");
    }

    /** The policy file with the environment over it, and the flags over both: on start and on every reload. */
    Policy loadPolicy(Path file) throws PolicyException {
        return applyFlags(PolicyLoader.load(file, environment));
    }

    /** Command-line flags win over the environment and the file. */
    private Policy applyFlags(Policy loaded) {
        ServerSettings server = loaded.server();
        if (redis != null) {
            loaded = loaded.withL2(Optional.of(L2Settings.standalone(redis)));
        }
        Optional<ListenerTls> tls = tlsFlags();
        if (tls.isPresent()) {
            server = server.withTransport(server.transport().withTls(tls));
        }
        return loaded.with(origin == null ? loaded.origin() : loaded.origin().withUrl(origin),
                server.withListeners(host == null ? server.host() : host, port == null ? server.port() : port,
                        server.adminHost(), adminPort == null ? server.adminPort() : adminPort));
    }

    /** One line naming the settings the environment supplied, never their values: empty when it supplied none. */
    static Optional<String> environmentLine(UnaryOperator<String> environment) {
        List<EnvironmentVariable> set = EnvironmentVariable.setIn(environment);
        if (set.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("tiergate: from the environment: " + set.stream()
                .map(variable -> variable.name() + " (" + variable.path() + ")").collect(Collectors.joining(", ")));
    }

    @Override
    public Integer call() throws Exception {
        Optional<Path> file = policyFile();
        if (file.isEmpty()) {
            System.err.println("tiergate run: no policy (expected: --policy FILE, or " + EnvironmentVariable.POLICY + "=FILE)");
            return 2;
        }
        Policy policy;
        int loops;
        try {
            policy = loadPolicy(file.get());
            loops = eventLoops();
        } catch (PolicyException e) {
            e.problems().forEach(problem -> System.err.println(problem));
            return 1;
        } catch (IllegalArgumentException e) {
            System.err.println("tiergate: " + e.getMessage());
            return 1;
        }
        environmentLine(environment).ifPresent(System.out::println);
        Path source = file.get();
        Vertx vertx = Vertx.vertx();
        Gateway gateway;
        try {
            // The reload parses the file with the same environment (the gateway's); the flags are applied over it.
            gateway = Gateway.start(vertx, policy, InstantSource.system(), loops, Optional.of(source), this::applyFlags,
                    PolicyReloader.DEFAULT_POLL_MILLIS, adminAccess(), environment).await();
        } catch (Exception e) {
            System.err.println("tiergate: cannot start: " + e.getMessage());
            vertx.close();
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        AtomicInteger exitCode = new AtomicInteger();
        AtomicBoolean signalled = new AtomicBoolean();
        SignalHandler onSignal = signal -> {
            if (!signalled.compareAndSet(false, true)) {
                // The operator does not want to wait for the drain: exit now, as the JVM's own handler would have.
                System.out.println("tiergate: second SIG" + signal.getName() + ", exiting at once; requests in flight are cut");
                System.out.flush();
                Runtime.getRuntime().halt(128 + signal.getNumber());
            }
            System.out.println("tiergate: SIG" + signal.getName() + " received, draining (a second signal exits at once)");
            gateway.drain(System.out::println).onComplete(drained -> {
                if (drained.failed()) {
                    System.err.println("tiergate: drain failed: " + drained.cause().getMessage());
                    exitCode.set(1);
                }
                vertx.close().onComplete(closed -> stopped.countDown());
            });
        };
        // In place of the JVM's handlers, which would exit without a drain, and whose second signal waits for the first;
        // before the line that tells a supervisor the gateway is up.
        for (String name : List.of("TERM", "INT")) {
            Signal.handle(new Signal(name), onSignal);
        }
        boolean tls = policy.server().transport().tls().isPresent();
        System.out.printf("tiergate listening on %s://%s:%d (admin %s://%s:%d), origin %s, policy %s, tiers %s%s%n",
                tls ? "https" : "http", policy.server().host(), gateway.port(),
                tls && policy.server().transport().adminTls() ? "https" : "http", policy.server().adminHost(), gateway.adminPort(),
                policy.origin().url(), source,
                policy.l2().map(l2 -> "L1 + L2 " + l2.type() + " " + l2.url().replaceAll(":[^:@/]*@", ":***@")).orElse("L1 only"),
                policy.edge().map(edge -> ", purges forwarded to Cloudflare zone " + edge.zoneId()).orElse(""));
        stopped.await();
        return exitCode.get();
    }
}
