package dev.tiergate.proxy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** The queries of the operator files under {@code deploy/}: Prometheus rules and the Grafana dashboard. */
final class OperatorFiles {

    static final Path RULES = Path.of("..", "deploy", "prometheus", "tiergate-rules.yml");
    static final Path DASHBOARD = Path.of("..", "deploy", "grafana", "tiergate-dashboard.json");
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,");

    /**
     * The expressions of a rules file, each by where it is ({@code group/alert-or-record}), and the names its
     * recording rules define (which are not exported by anyone but Prometheus).
     */
    record Rules(Map<String, String> expressions, Set<String> recorded) {
    }

    private OperatorFiles() {
    }

    @SuppressWarnings("unchecked")
    static Rules rules(Path file) throws IOException {
        Map<String, Object> root = (Map<String, Object>) new Load(LoadSettings.builder().build()).loadFromString(Files.readString(file));
        Map<String, String> expressions = new LinkedHashMap<>();
        Set<String> recorded = new LinkedHashSet<>();
        for (Object group : (List<Object>) root.get("groups")) {
            Map<String, Object> fields = (Map<String, Object>) group;
            for (Object rule : (List<Object>) fields.get("rules")) {
                Map<String, Object> ruleFields = (Map<String, Object>) rule;
                String name = String.valueOf(ruleFields.getOrDefault("alert", ruleFields.get("record")));
                expressions.put(fields.get("name") + "/" + name, String.valueOf(ruleFields.get("expr")));
                if (ruleFields.containsKey("record")) {
                    recorded.add(name);
                }
            }
        }
        return new Rules(expressions, recorded);
    }

    /** The PromQL of every panel target (rows' panels included), each by where it is ({@code panel title/refId}). */
    static Map<String, String> dashboardExpressions(Path file) throws IOException {
        JsonObject dashboard = new JsonObject(Files.readString(file));
        Map<String, String> expressions = new LinkedHashMap<>();
        for (JsonObject panel : panels(dashboard.getJsonArray("panels", new JsonArray()))) {
            for (Object target : panel.getJsonArray("targets", new JsonArray())) {
                JsonObject fields = (JsonObject) target;
                if (fields.containsKey("expr")) {
                    expressions.put(panel.getString("title") + "/" + fields.getString("refId"), fields.getString("expr"));
                }
            }
        }
        return expressions;
    }

    /** The metric names the dashboard's template variables read ({@code label_values(metric, label)}). */
    static Set<String> dashboardVariableNames(Path file) throws IOException {
        JsonObject dashboard = new JsonObject(Files.readString(file));
        Set<String> names = new LinkedHashSet<>();
        for (Object variable : dashboard.getJsonObject("templating", new JsonObject()).getJsonArray("list", new JsonArray())) {
            Object query = ((JsonObject) variable).getValue("query");
            String text = query instanceof JsonObject object ? object.getString("query", "") : String.valueOf(query);
            Matcher matcher = LABEL_VALUES.matcher(text);
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }

    /**
     * Each name an expression reads that {@code scrape} does not export, as {@code where: name}; names in
     * {@code recorded} are Prometheus's own (recording rules) and pass.
     */
    static List<String> missing(Map<String, String> expressions, Set<String> recorded, Scrape scrape) {
        List<String> missing = new ArrayList<>();
        expressions.forEach((where, expression) -> {
            for (String name : PromqlNames.of(expression)) {
                if (!recorded.contains(name) && !scrape.exports(name)) {
                    missing.add(where + ": " + name);
                }
            }
        });
        return missing;
    }

    private static List<JsonObject> panels(JsonArray array) {
        List<JsonObject> all = new ArrayList<>();
        for (Object panel : array) {
            JsonObject fields = (JsonObject) panel;
            all.add(fields);
            all.addAll(panels(fields.getJsonArray("panels", new JsonArray())));
        }
        return all;
    }
}
