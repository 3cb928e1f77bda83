package io.omsbridge.request;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.huaweicloud.sdk.oms.v2.model.CreateTaskReq;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Proves the v2 request schema is Huawei's CreateTaskReq: walking the SDK's model classes (huaweicloud-sdk-oms
 * 3.1.143) from CreateTaskReq, every field they have is in the schema with the same JSON type and enum values, and
 * the schema has nothing else but the bridge's own fields.
 */
class V2SchemaTest {

    /** The bridge's fields beside OMS's: where a request goes and how the bridge treats it, never sent to OMS. */
    private static final Set<String> BRIDGE_OWN = Set.of(
            "request_id", "project_id", "group", "preflight", "passes", "src_node.credential", "dst_node.credential");

    private static JsonNode root;

    @BeforeAll
    static void readSchema() throws Exception {
        try (InputStream in = RequestReader.class.getResourceAsStream("/schema/create-task-v2.json")) {
            root = new ObjectMapper().readTree(in);
        }
    }

    @Test
    void everyFieldOfTheSdksCreateTaskReqIsInTheSchemaWithItsTypeAndEnumValues() {
        List<String> mismatches = new ArrayList<>();
        Set<String> sdkFields = new TreeSet<>();
        walk(CreateTaskReq.class, root, "", sdkFields, mismatches);

        assertThat(mismatches)
                .as("fields the SDK has and the schema lacks or types otherwise")
                .isEmpty();
        assertThat(sdkFields)
                .as("the walk reached the nested models")
                .contains(
                        "src_node.security_token",
                        "dst_node.security_token",
                        "src_node.json_auth_file",
                        "src_node.list_file.list_file_num",
                        "bandwidth_policy.max_bandwidth",
                        "source_cdn.authentication_type",
                        "smn_config.message_template_name",
                        "task_priority",
                        "object_overwrite_mode");
    }

    @Test
    void theSchemaHasNoFieldTheSdkLacksButTheBridgesOwn() {
        Set<String> sdkFields = new TreeSet<>();
        walk(CreateTaskReq.class, root, "", sdkFields, new ArrayList<>());
        Set<String> schemaFields = new TreeSet<>();
        schemaFields(root, "", schemaFields);

        schemaFields.removeAll(sdkFields);
        assertThat(schemaFields).containsExactlyInAnyOrderElementsOf(BRIDGE_OWN);
    }

    @Test
    void theV2SecretFieldsAreExactlyTheFieldsTheSchemaMarksWriteOnly() {
        List<String> writeOnly = new ArrayList<>();
        writeOnly(root, "", writeOnly);

        assertThat(writeOnly).containsExactlyInAnyOrderElementsOf(RequestReader.SECRET_FIELDS_V2);
    }

    /** Compares each @JsonProperty field of {@code model} with the schema's property of that name. */
    private static void walk(Class<?> model, JsonNode schema, String path, Set<String> seen, List<String> out) {
        JsonNode properties = resolve(schema).path("properties");
        for (Field field : model.getDeclaredFields()) {
            JsonProperty json = field.getAnnotation(JsonProperty.class);
            if (json == null) {
                continue;
            }
            String name = path + json.value();
            seen.add(name);
            JsonNode property = properties.get(json.value());
            if (property == null) {
                out.add(name + ": missing");
                continue;
            }
            compare(field.getType(), field.getGenericType(), resolve(property), name, seen, out);
        }
    }

    private static void compare(
            Class<?> type, Type generic, JsonNode property, String name, Set<String> seen, List<String> out) {
        if (type.isEnum()) {
            Set<String> values = new TreeSet<>();
            for (Object constant : type.getEnumConstants()) {
                values.add(constant.toString());
            }
            enumValues(type, values);
            Set<String> schema = new TreeSet<>();
            property.path("enum").forEach(v -> schema.add(v.asText()));
            if (!schema.equals(values)) {
                out.add(name + ": enum " + schema + ", the SDK's " + values);
            }
        } else if (type == String.class) {
            expect(property, "string", name, out);
        } else if (type == Boolean.class) {
            expect(property, "boolean", name, out);
        } else if (type == Long.class || type == Integer.class) {
            expect(property, "integer", name, out);
        } else if (List.class.isAssignableFrom(type)) {
            expect(property, "array", name, out);
            Type item = ((ParameterizedType) generic).getActualTypeArguments()[0];
            compare((Class<?>) item, item, resolve(property.path("items")), name, seen, out);
        } else if (type.getPackageName().startsWith("com.huaweicloud.sdk.oms.v2.model") && hasEnumHolder(type)) {
            // the SDK's enums are classes with static constants of their own type
            Set<String> values = new TreeSet<>();
            enumValues(type, values);
            Set<String> schema = new TreeSet<>();
            property.path("enum").forEach(v -> schema.add(v.asText()));
            if (!schema.equals(values)) {
                out.add(name + ": enum " + schema + ", the SDK's " + values);
            }
        } else if (type.getPackageName().startsWith("com.huaweicloud.sdk.oms.v2.model")) {
            expect(property, "object", name, out);
            walk(type, property, name + ".", seen, out);
        } else {
            out.add(name + ": a type the walk does not know, " + type.getName());
        }
    }

    /** The SDK writes enums as classes holding their values as static fields of their own type. */
    private static boolean hasEnumHolder(Class<?> type) {
        for (Field f : type.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == type) {
                return true;
            }
        }
        return false;
    }

    private static void enumValues(Class<?> type, Set<String> values) {
        for (Field f : type.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == type) {
                try {
                    values.add(String.valueOf(f.get(null)));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    private static void expect(JsonNode property, String type, String name, List<String> out) {
        if (!property.path("type").asText().equals(type)) {
            out.add(name + ": type " + property.path("type") + ", the SDK's " + type);
        }
    }

    private static JsonNode resolve(JsonNode schema) {
        return schema.has("$ref") ? root.at(schema.path("$ref").asText().substring(1)) : schema;
    }

    private static void schemaFields(JsonNode schema, String path, Set<String> out) {
        JsonNode resolved = resolve(schema);
        if (resolved.path("type").asText().equals("array")) {
            resolved = resolve(resolved.path("items"));
        }
        resolved.path("properties").fields().forEachRemaining(e -> {
            out.add(path + e.getKey());
            schemaFields(e.getValue(), path + e.getKey() + ".", out);
        });
    }

    private static void writeOnly(JsonNode schema, String path, List<String> out) {
        JsonNode resolved = resolve(schema);
        if (schema.path("writeOnly").asBoolean(false)
                || resolved.path("writeOnly").asBoolean(false)) {
            out.add(path);
        }
        resolved.path("properties")
                .fields()
                .forEachRemaining(
                        e -> writeOnly(e.getValue(), path.isEmpty() ? e.getKey() : path + "." + e.getKey(), out));
    }
}
