package dev.tiergate.policy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/** {@code policies/policy.schema.json} as editors apply it: YAML read as JSON, validated with draft 2020-12. */
public final class PolicySchema {

    static final JsonObject SCHEMA = read();
    private static final Validator VALIDATOR = Validator.create(JsonSchema.of(SCHEMA),
            new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri("https://tiergate.dev/schemas/")
                    .setOutputFormat(OutputFormat.Basic));

    private PolicySchema() {
    }

    /** The schema's verdict on a policy document, with every error listed. */
    public static OutputUnit validate(String yaml) {
        return VALIDATOR.validate(toJson(new Load(LoadSettings.builder().build()).loadFromString(yaml)));
    }

    @SuppressWarnings("unchecked")
    private static Object toJson(Object value) {
        if (value instanceof Map<?, ?> map) {
            JsonObject object = new JsonObject();
            ((Map<Object, Object>) map).forEach((key, item) -> object.put(String.valueOf(key), toJson(item)));
            return object;
        }
        if (value instanceof List<?> list) {
            JsonArray array = new JsonArray();
            list.forEach(item -> array.add(toJson(item)));
            return array;
        }
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        return value;
    }

    private static JsonObject read() {
        try {
            return new JsonObject(Files.readString(Path.of("..", "policies", "policy.schema.json")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
