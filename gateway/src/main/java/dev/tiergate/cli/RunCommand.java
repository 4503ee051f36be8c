package dev.tiergate.cli;

import dev.tiergate.admin.AdminAccess;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;
import sun.misc.SignalHandler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tiergate run --policy FILE}: starts the gateway; flags override the policy file. */
@Command(name = "run", mixinStandardHelpOptions = true, description = "Run the gateway in front of the policy's origin.")
final class RunCommand implements Callable<Integer> {

    @Option(names = "--policy", required = true, description = "Policy file (YAML).")
    private Path policyFile;

    @Option(names = "--port", description = "Proxy port (default: the policy's, else 8080).")
    private Integer port;

    @Option(names = "--host", description = "Proxy bind address (default: the policy's, else 127.0.0.1).")
    private String host;

    @Option(names = "--admin-port", description = "Admin API port (default: the policy's, else 9090).")
    private Integer adminPort;

    @Option(names = "--origin", description = "Origin base URL, e.g. http://127.0.0.1:8081 (default: the policy's).")
    private URI origin;

    @Option(names = "--redis", description = "Regional L2 tier: a standalone Redis URL, redis://[user:password@]host:port "
            + "(default: the policy's l2, else $TIERGATE_REDIS_URL, else none: L1 only).")
    private String redis;

    @Option(names = "--event-loops", description = "Event loops accepting connections (default: number of CPUs).")
    private Integer eventLoops;

    @Option(names = "--admin-token", description = "Bearer token for the admin API's purge, stats and reload endpoints "
            + "(default: $TIERGATE_ADMIN_TOKEN; without one the admin API must listen on loopback).")
    private String adminToken;

    @Option(names = "--tls-cert", description = "HTTPS: the listener's PEM certificate chain, with --tls-key "
            + "(default: $TIERGATE_TLS_CERT, else the policy's server.tls).")
    private Path tlsCert;

    @Option(names = "--tls-key", description = "HTTPS: the PEM private key of --tls-cert (default: $TIERGATE_TLS_KEY).")
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
        Path cert = tlsCert != null ? tlsCert : environmentPath("TIERGATE_TLS_CERT");
        Path key = tlsKey != null ? tlsKey : environmentPath("TIERGATE_TLS_KEY");
        if (cert == null && key == null) {
            return Optional.empty();
        }
        if (cert == null || key == null) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together (or $TIERGATE_TLS_CERT and $TIERGATE_TLS_KEY)");
        }
        return Optional.of(new ListenerTls.Pem(cert.toAbsolutePath(), key.toAbsolutePath()));
    }

    private static Path environmentPath(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? null : Path.of(value.trim());
    }

    /** The flag, else the environment; never logged. */
    private AdminAccess adminAccess() {
        String token = adminToken != null ? adminToken : System.getenv(AdminAccess.TOKEN_ENVIRONMENT);
        return new AdminAccess(Optional.ofNullable(token));
    }

    /** Command-line flags win over the file, on start and on every reload. */
    private Policy applyFlags(Policy loaded) {
        ServerSettings server = loaded.server();
        String environmentRedis = System.getenv("TIERGATE_REDIS_URL");
        if (redis != null) {
            loaded = loaded.withL2(Optional.of(L2Settings.standalone(redis)));
        } else if (loaded.l2().isEmpty() && environmentRedis != null && !environmentRedis.isBlank()) {
            loaded = loaded.withL2(Optional.of(L2Settings.standalone(environmentRedis.trim())));
        }
        Optional<ListenerTls> tls = tlsFlags();
        if (tls.isPresent()) {
            server = server.withTransport(server.transport().withTls(tls));
        }
        return loaded.with(origin == null ? loaded.origin() : loaded.origin().withUrl(origin),
                server.withListeners(host == null ? server.host() : host, port == null ? server.port() : port,
                        server.adminHost(), adminPort == null ? server.adminPort() : adminPort));
    }

    @Override
    public Integer call() throws Exception {
        Policy policy;
        try {
            policy = PolicyLoader.load(policyFile);
        } catch (PolicyException e) {
            e.problems().forEach(problem -> System.err.println(problem));
            return 1;
        }
        UnaryOperator<Policy> overrides = this::applyFlags;
        try {
            policy = overrides.apply(policy);
        } catch (IllegalArgumentException e) {
            System.err.println("tiergate: " + e.getMessage());
            return 1;
        }
        Vertx vertx = Vertx.vertx();
        int loops = eventLoops == null ? Runtime.getRuntime().availableProcessors() : eventLoops;
        Gateway gateway;
        try {
            gateway = Gateway.start(vertx, policy, InstantSource.system(), loops, Optional.of(policyFile), overrides,
                    PolicyReloader.DEFAULT_POLL_MILLIS, adminAccess()).await();
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
                policy.origin().url(), policyFile,
                policy.l2().map(l2 -> "L1 + L2 " + l2.type() + " " + l2.url().replaceAll(":[^:@/]*@", ":***@")).orElse("L1 only"),
                policy.edge().map(edge -> ", purges forwarded to Cloudflare zone " + edge.zoneId()).orElse(""));
        stopped.await();
        return exitCode.get();
    }
}
