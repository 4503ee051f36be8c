package dev.tiergate.cli;

import dev.tiergate.admin.AdminAccess;
import dev.tiergate.policy.L2Settings;
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
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import java.util.concurrent.CountDownLatch;
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
        policy = overrides.apply(policy);
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
        System.out.printf("tiergate listening on http://%s:%d (admin http://%s:%d), origin %s, policy %s, tiers %s%s%n",
                policy.server().host(), gateway.port(), policy.server().adminHost(), gateway.adminPort(),
                policy.origin().url(), policyFile,
                policy.l2().map(l2 -> "L1 + L2 " + l2.type() + " " + l2.url().replaceAll(":[^:@/]*@", ":***@")).orElse("L1 only"),
                policy.edge().map(edge -> ", purges forwarded to Cloudflare zone " + edge.zoneId()).orElse(""));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            gateway.close().eventually(vertx::close);
            stopped.countDown();
        }));
        stopped.await();
        return 0;
    }
}
