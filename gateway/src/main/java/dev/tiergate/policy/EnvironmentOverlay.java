package dev.tiergate.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.snakeyaml.engine.v2.common.FlowStyle;
import org.snakeyaml.engine.v2.common.ScalarStyle;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;

/**
 * Writes the {@code TIERGATE_*} variables that are set into a policy document before it is read, each at its
 * setting's path, so that a value from the environment is checked by the same rules, with the same messages, as
 * one from the file, and wins over it. Problems with a value or a section the environment supplied then name the
 * variable instead of a line of the file.
 */
final class EnvironmentOverlay {

    /** The document paths the environment wrote or created, each with the variable that did. */
    private final Map<String, String> sources = new LinkedHashMap<>();

    private EnvironmentOverlay() {
    }

    /** Overlays every policy variable set in {@code environment} onto {@code root}, a policy's top-level mapping. */
    static EnvironmentOverlay apply(Node root, UnaryOperator<String> environment) {
        EnvironmentOverlay overlay = new EnvironmentOverlay();
        if (!(root instanceof MappingNode mapping)) {
            return overlay;
        }
        for (EnvironmentVariable variable : EnvironmentVariable.ALL) {
            if (variable.kind() == EnvironmentVariable.Kind.PROCESS) {
                continue;
            }
            variable.valueIn(environment).ifPresent(text -> overlay.write(mapping, keys(mapping, variable.path()), variable,
                    variable.kind() == EnvironmentVariable.Kind.LIST ? list(text) : scalar(text)));
        }
        return overlay;
    }

    /**
     * The keys of {@code path}; the default origin's URL is wherever this policy keeps it: {@code origin: URL},
     * {@code origin: { url: URL }}, or the same under the first of {@code origins}.
     */
    private static List<String> keys(MappingNode root, String path) {
        if (!path.equals(EnvironmentVariable.DEFAULT_ORIGIN_URL)) {
            return Arrays.asList(path.split("\\."));
        }
        Optional<Node> origin = member(root, "origin");
        if (origin.isEmpty() && member(root, "origins").orElse(null) instanceof MappingNode origins && !origins.getValue().isEmpty()) {
            String name = member(origins, Policy.DEFAULT_ORIGIN).isPresent() ? Policy.DEFAULT_ORIGIN
                    : ((ScalarNode) origins.getValue().get(0).getKeyNode()).getValue();
            return member(origins, name).orElse(null) instanceof MappingNode ? List.of("origins", name, "url") : List.of("origins", name);
        }
        return origin.orElse(null) instanceof MappingNode ? List.of("origin", "url") : List.of("origin");
    }

    private void write(MappingNode mapping, List<String> keys, EnvironmentVariable variable, Node value) {
        String path = "";
        for (int i = 0; i < keys.size(); i++) {
            String key = keys.get(i);
            path = path.isEmpty() ? key : path + "." + key;
            boolean leaf = i == keys.size() - 1;
            Optional<Node> existing = member(mapping, key);
            if (leaf) {
                put(mapping, key, value);
                sources.put(path, variable.name());
                return;
            }
            if (existing.orElse(null) instanceof MappingNode section) {
                mapping = section;
            } else {
                // No such section in the file (or not a mapping there, which the environment's value replaces).
                MappingNode section = new MappingNode(Tag.MAP, new ArrayList<>(), FlowStyle.BLOCK);
                put(mapping, key, section);
                sources.putIfAbsent(path, variable.name());
                mapping = section;
            }
        }
    }

    /** Replaces the first member called {@code key} (the loader reads the first of duplicates), or adds one. */
    private static void put(MappingNode mapping, String key, Node value) {
        List<NodeTuple> members = new ArrayList<>(mapping.getValue());
        NodeTuple tuple = new NodeTuple(scalar(key), value);
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).getKeyNode() instanceof ScalarNode name && name.getValue().equals(key)) {
                members.set(i, tuple);
                mapping.setValue(members);
                return;
            }
        }
        members.add(tuple);
        mapping.setValue(members);
    }

    private static Optional<Node> member(MappingNode mapping, String key) {
        return mapping.getValue().stream()
                .filter(tuple -> tuple.getKeyNode() instanceof ScalarNode name && name.getValue().equals(key))
                .map(NodeTuple::getValueNode).findFirst();
    }

    private static ScalarNode scalar(String text) {
        return new ScalarNode(Tag.STR, text, ScalarStyle.PLAIN);
    }

    /** {@code a, b,c} as a list of three; empty items are dropped. */
    private static SequenceNode list(String text) {
        List<Node> items = Arrays.stream(text.split(",")).map(String::trim).filter(item -> !item.isEmpty())
                .map(item -> (Node) scalar(item)).toList();
        return new SequenceNode(Tag.SEQ, new ArrayList<>(items), FlowStyle.FLOW);
    }

    /**
     * The problem as the operator can act on it: one about a value or section the environment supplied names the
     * variable ({@code TIERGATE_PORT (environment) server.port: "x" (expected: ...)}); any other is unchanged.
     */
    PolicyProblem attribute(PolicyProblem problem) {
        String source = null;
        int longest = -1;
        for (Map.Entry<String, String> entry : sources.entrySet()) {
            String path = entry.getKey();
            boolean within = problem.path().equals(path) || problem.path().startsWith(path + ".") || problem.path().startsWith(path + "[");
            if (within && path.length() > longest) {
                source = entry.getValue();
                longest = path.length();
            }
        }
        return source == null || problem.line() > 0 ? problem : new PolicyProblem(source + " (environment)", 0, problem.path(),
                problem.message());
    }
}
