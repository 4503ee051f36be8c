package dev.tiergate.cli;

import dev.tiergate.admin.AdminServer;
import dev.tiergate.policy.EnvironmentVariable;
import dev.tiergate.policy.PolicyException;
import dev.tiergate.policy.PolicyLoader;
import dev.tiergate.policy.ServerSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * The example deployment files checked against the gateway: ports, probe paths, variable names and the stop grace
 * against what the gateway really listens on, serves and reads. Each check returns the drift it found, as text.
 */
final class DeployManifests {

    /** Repository root, from the gateway module's directory (Maven's working directory for tests). */
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    static final Path LAUNCHER = ROOT.resolve("bin/tiergate");

    private DeployManifests() {
    }

    /** The variables the gateway or its launcher read: the table's, and the ones {@code bin/tiergate} names. */
    static Set<String> knownVariables() throws IOException {
        Set<String> names = EnvironmentVariable.ALL.stream().map(EnvironmentVariable::name).collect(Collectors.toCollection(TreeSet::new));
        Matcher launcher = Pattern.compile("\\b(TIERGATE_[A-Z_]+|JAVA_[A-Z_]+)\\b").matcher(Files.readString(LAUNCHER));
        while (launcher.find()) {
            names.add(launcher.group(1));
        }
        return names;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> documents(Path file) throws IOException {
        List<Map<String, Object>> documents = new ArrayList<>();
        for (Object document : new Load(LoadSettings.builder().build()).loadAllFromString(Files.readString(file))) {
            if (document != null) {
                documents.add((Map<String, Object>) document);
            }
        }
        return documents;
    }

    @SuppressWarnings("unchecked")
    private static <T> T at(Object node, String... keys) {
        Object current = node;
        for (String key : keys) {
            if (!(current instanceof Map<?, ?> map)) {
                return null;
            }
            current = map.get(key);
        }
        return (T) current;
    }

    /**
     * The drift between a Deployment (its first container) and the gateway, with the policy the ConfigMap holds
     * loaded as the gateway would load it: with the container's environment over it.
     */
    static List<String> deploymentProblems(Map<String, Object> deployment, Map<String, Object> configMap) throws IOException {
        List<String> problems = new ArrayList<>();
        Map<String, Object> pod = at(deployment, "spec", "template", "spec");
        Map<String, Object> container = ((List<Map<String, Object>>) at(pod, "containers")).get(0);
        Map<String, String> environment = new HashMap<>();
        Set<String> known = knownVariables();
        for (Map<String, Object> variable : (List<Map<String, Object>>) at(container, "env")) {
            String name = (String) variable.get("name");
            if (!known.contains(name)) {
                problems.add("env " + name + ": not a variable the gateway reads (expected one of " + known + ")");
            }
            if (variable.get("value") != null) {
                environment.put(name, variable.get("value").toString());
            }
        }
        ServerSettings server;
        try {
            String policy = at(configMap, "data", "policy.yaml");
            server = PolicyLoader.parse("configmap policy.yaml", policy, environment::get).server();
        } catch (PolicyException e) {
            problems.add("the policy with the container's environment is rejected: " + e.problems());
            return problems;
        }
        Map<String, Integer> ports = new HashMap<>();
        for (Map<String, Object> port : (List<Map<String, Object>>) at(container, "ports")) {
            ports.put((String) port.get("name"), (Integer) port.get("containerPort"));
        }
        if (!Integer.valueOf(server.port()).equals(ports.get("http"))) {
            problems.add("containerPort http: " + ports.get("http") + " (expected: the gateway's port, " + server.port() + ")");
        }
        if (!Integer.valueOf(server.adminPort()).equals(ports.get("admin"))) {
            problems.add("containerPort admin: " + ports.get("admin") + " (expected: the admin port, " + server.adminPort() + ")");
        }
        probe(problems, container, "readinessProbe", AdminServer.READY_PATH, ports, server.adminPort());
        probe(problems, container, "livenessProbe", AdminServer.LIVE_PATH, ports, server.adminPort());
        Object grace = pod.get("terminationGracePeriodSeconds");
        long drainSeconds = server.drainDelay().plus(server.drainTimeout()).toSeconds();
        if (!(grace instanceof Integer seconds) || seconds <= drainSeconds) {
            problems.add("terminationGracePeriodSeconds: " + grace + " (expected: more than drainDelay + drainTimeout, " + drainSeconds + " s)");
        }
        return problems;
    }

    private static void probe(List<String> problems, Map<String, Object> container, String name, String path, Map<String, Integer> ports,
                              int adminPort) {
        Object actualPath = at(container, name, "httpGet", "path");
        Object port = at(container, name, "httpGet", "port");
        Integer resolved = port instanceof String portName ? ports.get(portName) : (Integer) port;
        if (!path.equals(actualPath)) {
            problems.add(name + ".httpGet.path: " + actualPath + " (expected: " + path + ")");
        }
        if (resolved == null || resolved != adminPort) {
            problems.add(name + ".httpGet.port: " + port + " (expected: the admin port, " + adminPort + ")");
        }
    }

    /** The drift between a Service and the Deployment's named container ports. */
    static List<String> serviceProblems(Map<String, Object> service, Map<String, Object> deployment) {
        Map<String, Object> container = ((List<Map<String, Object>>) at(deployment, "spec", "template", "spec", "containers")).get(0);
        Set<Object> names = ((List<Map<String, Object>>) at(container, "ports")).stream().map(port -> port.get("name")).collect(Collectors.toSet());
        List<String> problems = new ArrayList<>();
        for (Map<String, Object> port : (List<Map<String, Object>>) at(service, "spec", "ports")) {
            if (!names.contains(port.get("targetPort"))) {
                problems.add("Service port " + port.get("name") + ": targetPort " + port.get("targetPort") + " (expected one of " + names + ")");
            }
        }
        return problems;
    }

    /** {@code NAME=value} lines of an environment file; comments and blank lines skipped. */
    static Map<String, String> environmentFile(Path file) throws IOException {
        Map<String, String> values = new HashMap<>();
        for (String line : Files.readAllLines(file)) {
            if (!line.isBlank() && !line.startsWith("#")) {
                int equals = line.indexOf('=');
                values.put(line.substring(0, equals), line.substring(equals + 1));
            }
        }
        return values;
    }
}
