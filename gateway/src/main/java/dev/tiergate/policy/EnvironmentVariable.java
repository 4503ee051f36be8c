package dev.tiergate.policy;

import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * One {@code TIERGATE_*} environment variable and the setting it stands for. The {@link #ALL} table is the one
 * place a variable is declared: the loader overlays the policy ones, {@code tiergate run} reads the process ones,
 * and the README, the systemd and Kubernetes examples are checked against it.
 *
 * @param name the variable's name
 * @param path the policy setting it replaces ({@code server.port}), or the {@code run} flag it stands in for
 *     ({@code --policy}) when {@code kind} is {@link Kind#PROCESS}
 * @param kind how its value is read
 * @param secret true when its value is never to be logged or shown
 */
public record EnvironmentVariable(String name, String path, Kind kind, boolean secret) {

    /** How a value becomes a setting. */
    public enum Kind {
        /** One policy value, read as if the policy file had it at {@code path}. */
        VALUE,
        /** A comma-separated list, read as a YAML list at {@code path}. */
        LIST,
        /** A setting of the process, not the policy: read by {@code tiergate run}, like the flag it stands in for. */
        PROCESS
    }

    /**
     * The path of the default origin's URL: {@code origin}, {@code origin.url}, or the first of {@code origins}, as
     * the policy has it; what {@code --origin} replaces.
     */
    public static final String DEFAULT_ORIGIN_URL = "origin.url";

    public static final String POLICY = "TIERGATE_POLICY";
    public static final String ADMIN_TOKEN = "TIERGATE_ADMIN_TOKEN";
    public static final String EVENT_LOOPS = "TIERGATE_EVENT_LOOPS";

    /** Every variable, in the order the README lists them. A new setting is one line here. */
    public static final List<EnvironmentVariable> ALL = List.of(
            process(POLICY, "--policy", false),
            value("TIERGATE_HOST", "server.host"),
            value("TIERGATE_PORT", "server.port"),
            value("TIERGATE_ADMIN_HOST", "server.adminHost"),
            value("TIERGATE_ADMIN_PORT", "server.adminPort"),
            process(ADMIN_TOKEN, "--admin-token", true),
            process(EVENT_LOOPS, "--event-loops", false),
            value("TIERGATE_ORIGIN", DEFAULT_ORIGIN_URL),
            value("TIERGATE_DRAIN_DELAY", "server.drainDelay"),
            value("TIERGATE_DRAIN_TIMEOUT", "server.drainTimeout"),
            value("TIERGATE_TLS_CERT", "server.tls.cert"),
            value("TIERGATE_TLS_KEY", "server.tls.key"),
            value("TIERGATE_TLS_KEYSTORE", "server.tls.keystore"),
            value("TIERGATE_L1_MAX_SIZE", "l1.maxSize"),
            new EnvironmentVariable("TIERGATE_REDIS_URL", "l2.url", Kind.VALUE, true),
            value("TIERGATE_REDIS_TYPE", "l2.type"),
            new EnvironmentVariable("TIERGATE_REDIS_ENDPOINTS", "l2.endpoints", Kind.LIST, true),
            value("TIERGATE_REDIS_MASTER_NAME", "l2.masterName"),
            value("TIERGATE_REDIS_KEY_PREFIX", "l2.keyPrefix"),
            value("TIERGATE_REDIS_COMMAND_TIMEOUT", "l2.commandTimeout"),
            value("TIERGATE_REDIS_TLS_CA", "l2.tls.ca"),
            value("TIERGATE_REDIS_TLS_CERT", "l2.tls.cert"),
            value("TIERGATE_REDIS_TLS_KEY", "l2.tls.key"),
            value("TIERGATE_REDIS_TLS_VERIFY_HOSTNAME", "l2.tls.verifyHostname"),
            value("TIERGATE_ACCESS_LOG_TARGET", "server.accessLog.target"),
            value("TIERGATE_ACCESS_LOG_SAMPLE", "server.accessLog.sample"),
            value("TIERGATE_OTLP_ENDPOINT", "tracing.otlpEndpoint"));

    private static EnvironmentVariable value(String name, String path) {
        return new EnvironmentVariable(name, path, Kind.VALUE, false);
    }

    private static EnvironmentVariable process(String name, String flag, boolean secret) {
        return new EnvironmentVariable(name, flag, Kind.PROCESS, secret);
    }

    /** The variable's value when it is set and not blank (an empty variable counts as unset, as a shell's {@code FOO=} does), trimmed. */
    public Optional<String> valueIn(UnaryOperator<String> environment) {
        return Optional.ofNullable(environment.apply(name)).map(String::trim).filter(text -> !text.isEmpty());
    }

    /** The variables set in {@code environment}, in table order. */
    public static List<EnvironmentVariable> setIn(UnaryOperator<String> environment) {
        return ALL.stream().filter(variable -> variable.valueIn(environment).isPresent()).toList();
    }

    /** The process variable called {@code name}. */
    public static EnvironmentVariable named(String name) {
        return ALL.stream().filter(variable -> variable.name.equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no variable " + name));
    }
}
