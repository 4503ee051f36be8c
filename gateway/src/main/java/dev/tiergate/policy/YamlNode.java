package dev.tiergate.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;

/**
 * A YAML node with its document path and line, reporting what it expected instead of throwing,
 * so that one pass over a policy collects every problem.
 */
final class YamlNode {

    private final Node node;
    private final String path;
    private final Problems problems;
    private YamlNode keyNode;

    YamlNode(Node node, String path, Problems problems) {
        this.node = node;
        this.path = path;
        this.problems = problems;
    }

    String path() {
        return path;
    }

    int line() {
        return node.getStartMark().map(mark -> mark.getLine() + 1).orElse(0);
    }

    boolean isScalar() {
        return node instanceof ScalarNode;
    }

    boolean isMapping() {
        return node instanceof MappingNode;
    }

    boolean isSequence() {
        return node instanceof SequenceNode;
    }

    /** Reports a problem at this node. */
    void problem(String message) {
        problems.add(line(), path, message);
    }

    /** The scalar text, or a reported problem. */
    Optional<String> text(String expected) {
        if (node instanceof ScalarNode scalar) {
            return Optional.of(scalar.getValue());
        }
        problem("a " + kind() + " (expected: " + expected + ")");
        return Optional.empty();
    }

    /**
     * The mapping's members by key, reporting keys outside {@code allowed} (with a suggestion for
     * near misses) and the absence of any key in {@code required}.
     */
    Map<String, YamlNode> mapping(Set<String> allowed, Set<String> required) {
        Map<String, YamlNode> members = new LinkedHashMap<>();
        Map<String, Integer> keyLines = new java.util.HashMap<>();
        if (!(node instanceof MappingNode mapping)) {
            problem("a " + kind() + " (expected: a mapping with keys " + String.join(", ", sorted(allowed)) + ")");
            return members;
        }
        for (NodeTuple tuple : mapping.getValue()) {
            String childPath = path.isEmpty() ? "" : path + ".";
            if (!(tuple.getKeyNode() instanceof ScalarNode keyNode)) {
                new YamlNode(tuple.getKeyNode(), path, problems).problem("a non-scalar key (expected: a name)");
                continue;
            }
            String key = keyNode.getValue();
            YamlNode child = new YamlNode(tuple.getValueNode(), childPath + key, problems);
            YamlNode keyAt = new YamlNode(keyNode, childPath + key, problems);
            if (keyLines.containsKey(key)) {
                // The composer does not check duplicates (only the constructor does): without this the last one would silently win.
                keyAt.problem("duplicate key (expected: each key once; the first is on line " + keyLines.get(key) + ")");
                continue;
            }
            keyLines.put(key, keyAt.line());
            if (!allowed.contains(key)) {
                String suggestion = Suggestions.closest(key, allowed).map(s -> ", did you mean \"" + s + "\"?").orElse("");
                keyAt.problem("unknown key (expected one of: " + String.join(", ", sorted(allowed)) + suggestion + ")");
                continue;
            }
            members.put(key, child);
        }
        for (String key : sorted(required)) {
            if (!members.containsKey(key)) {
                problem("missing \"" + key + "\"");
            }
        }
        return members;
    }

    /** The sequence's items, or a reported problem. A scalar counts as a one-item list. */
    List<YamlNode> list(String expected) {
        List<YamlNode> items = new ArrayList<>();
        if (node instanceof SequenceNode sequence) {
            int index = 0;
            for (Node item : sequence.getValue()) {
                items.add(new YamlNode(item, path + "[" + index++ + "]", problems));
            }
        } else if (node instanceof ScalarNode) {
            items.add(this);
        } else {
            problem("a " + kind() + " (expected: " + expected + ")");
        }
        return items;
    }

    /**
     * The members of a mapping whose keys are names chosen by the user (origins, segments): no
     * key checking, each value's path ends in its key. Each value knows its key node for errors.
     */
    Map<String, YamlNode> entries() {
        Map<String, YamlNode> members = new LinkedHashMap<>();
        if (node instanceof MappingNode mapping) {
            for (NodeTuple tuple : mapping.getValue()) {
                if (tuple.getKeyNode() instanceof ScalarNode keyNode) {
                    if (members.containsKey(keyNode.getValue())) {
                        new YamlNode(keyNode, (path.isEmpty() ? "" : path + ".") + keyNode.getValue(), problems)
                                .problem("duplicate name (expected: each name once)");
                        continue;
                    }
                    YamlNode child = new YamlNode(tuple.getValueNode(), (path.isEmpty() ? "" : path + ".") + keyNode.getValue(), problems);
                    child.keyNode = new YamlNode(keyNode, child.path, problems);
                    members.put(keyNode.getValue(), child);
                }
            }
        }
        return members;
    }

    /**
     * A view of this mapping restricted to {@code keys}, for a section whose other keys are read
     * (and checked) elsewhere; unknown keys are not reported again.
     */
    YamlNode only(Set<String> keys) {
        if (!(node instanceof MappingNode mapping)) {
            return this;
        }
        List<NodeTuple> kept = new ArrayList<>();
        for (NodeTuple tuple : mapping.getValue()) {
            // The first of duplicate keys only: the full mapping reports the others.
            if (tuple.getKeyNode() instanceof ScalarNode key && keys.contains(key.getValue())
                    && kept.stream().noneMatch(k -> ((ScalarNode) k.getKeyNode()).getValue().equals(key.getValue()))) {
                kept.add(tuple);
            }
        }
        MappingNode view = new MappingNode(mapping.getTag(), true, kept, mapping.getFlowStyle(), mapping.getStartMark(), mapping.getEndMark());
        return new YamlNode(view, path, problems);
    }

    /** The node of this value's key, when it came from {@link #entries()}; else this node. */
    YamlNode keyNode() {
        return keyNode == null ? this : keyNode;
    }

    String kind() {
        if (node instanceof MappingNode) {
            return "mapping";
        }
        if (node instanceof SequenceNode) {
            return "list";
        }
        return "value \"" + ((ScalarNode) node).getValue() + "\"";
    }

    private static List<String> sorted(Set<String> keys) {
        return keys.stream().sorted().toList();
    }

    /** Collects problems of one file. */
    static final class Problems {
        private final String file;
        private final List<PolicyProblem> list = new ArrayList<>();

        Problems(String file) {
            this.file = file;
        }

        void add(int line, String path, String message) {
            list.add(new PolicyProblem(file, line, path, message));
        }

        List<PolicyProblem> list() {
            return list;
        }

        String file() {
            return file;
        }
    }
}
