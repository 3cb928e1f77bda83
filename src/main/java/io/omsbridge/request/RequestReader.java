package io.omsbridge.request;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.PathType;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.omsbridge.model.AliasPolicy;
import io.omsbridge.model.MigrationRequest;
import io.omsbridge.model.OperationRequest;
import io.omsbridge.model.Problem;
import io.omsbridge.text.Texts;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Turns one JSON text into a {@link MigrationRequest} or the list of its {@link Problem}s: strict JSON (no duplicate
 * keys, bounded depth and size), the request schema ({@code schema/create-task-v1.json}), then the rules a schema
 * cannot say (AK/SK inline or by a known alias, bandwidth windows that do not overlap). Every secret value leaves the
 * body for {@link MigrationRequest#secrets()}, and no problem message repeats the value of a secret field.
 */
public final class RequestReader {

    /** The ledger keeps a request's body in a varchar(1000000): a longer request could never be recorded. */
    public static final int MAX_REQUEST_CHARS = 1_000_000;
    /** Problems listed per request, then one "and N more problems": a report or event stays small. */
    public static final int MAX_PROBLEMS = 100;
    /**
     * The secret fields of the v1 create body (oms-api.md §2.2), by path; the schema marks each {@code writeOnly}.
     * Their
     * values move from the body into the secrets tree under the same path.
     */
    public static final List<String> SECRET_FIELDS =
            List.of("src_node.ak", "src_node.sk", "dst_node.ak", "dst_node.sk", "source_cdn.authentication_key");
    /** The secret fields of a request in v2's shape (CreateTaskReq): v1's, the security tokens and Google's key file.
     * */
    public static final List<String> SECRET_FIELDS_V2 = List.of(
            "src_node.ak",
            "src_node.sk",
            "src_node.security_token",
            "src_node.json_auth_file",
            "dst_node.ak",
            "dst_node.sk",
            "dst_node.security_token",
            "source_cdn.authentication_key");

    /** Field names come from the input (up to the parser's 50,000 characters): a problem shows at most this many. */
    private static final int MAX_FIELD_CHARS = 200;

    private static final int MAX_DEPTH = 16;
    /** The fields the schema requires only for some task types (oms-api.md §2.2): the message says which. */
    private static final Map<String, String> REQUIRED_FOR_TASK_TYPE = Map.of(
            "src_node.list_file",
            "required for task_type list and url_list: the OBS bucket and key of the list file",
            "src_node.object_key",
            "required for task_type object (the default) and prefix: the objects or prefixes"
                    + " to migrate, e.g. {\"path\": \"\", \"keys\": []} as in the seed");

    private final ObjectMapper mapper;
    private final JsonSchema schema;
    private final JsonSchema schemaV2;
    private final Function<String, Optional<AliasPolicy>> aliases;
    private final boolean allowMixedCredentials;
    private final boolean forV2;
    private final String defaultProjectId;
    /** The configured destination regions and their projects; empty: one OMS, whatever the region. */
    private final Map<String, String> regionProjects;

    private final OperationReader operations;

    /** Every alias {@code knownAlias} accepts may go anywhere; mixing an alias with inline keys is refused. */
    public RequestReader(Predicate<String> knownAlias, String defaultProjectId) {
        this(
                alias -> knownAlias.test(alias) ? Optional.of(AliasPolicy.ANYWHERE) : Optional.empty(),
                false,
                defaultProjectId);
    }

    /**
     * {@code aliases}: the policy of each configured credential alias; {@code allowMixedCredentials}: whether a request
     * may use an alias on one side and inline keys on the other ({@code bridge.requests.allow-mixed-credentials}).
     */
    public RequestReader(
            Function<String, Optional<AliasPolicy>> aliases, boolean allowMixedCredentials, String defaultProjectId) {
        this(aliases, allowMixedCredentials, defaultProjectId, false);
    }

    /** {@code forV2}: the tasks are made with OMS API v2, so what v2 cannot express is a problem too. */
    public RequestReader(
            Function<String, Optional<AliasPolicy>> aliases,
            boolean allowMixedCredentials,
            String defaultProjectId,
            boolean forV2) {
        this(aliases, allowMixedCredentials, defaultProjectId, forV2, Map.of());
    }

    /**
     * {@code regionProjects}: the destination regions tasks may be made in, each with its project
     * ({@code oms.regions.<region>.project-id}); a request for another region is refused naming {@code
     * dst_node.region}.
     */
    public RequestReader(
            Function<String, Optional<AliasPolicy>> aliases,
            boolean allowMixedCredentials,
            String defaultProjectId,
            boolean forV2,
            Map<String, String> regionProjects) {
        this.regionProjects = Map.copyOf(regionProjects);
        this.forV2 = forV2;
        this.aliases = aliases;
        this.allowMixedCredentials = allowMixedCredentials;
        this.defaultProjectId = defaultProjectId;
        this.operations = new OperationReader(alias -> aliases.apply(alias).isPresent(), forV2);
        this.mapper = JsonMapper.builder()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .build();
        mapper.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH)
                        .maxStringLength(MAX_REQUEST_CHARS)
                        .build());
        this.schema = schema("/schema/create-task-v1.json");
        this.schemaV2 = schema("/schema/create-task-v2.json");
    }

    private static JsonSchema schema(String resource) {
        try (InputStream in = RequestReader.class.getResourceAsStream(resource)) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(
                            in,
                            SchemaValidatorsConfig.builder()
                                    .pathType(PathType.LEGACY)
                                    .build());
        } catch (IOException e) {
            throw new UncheckedIOException("request schema " + resource + " missing from the classpath", e);
        }
    }

    /**
     * The outcome for one request: exactly one of {@code request} and {@code problems} is set. For an operation,
     * {@code requestId} is the operation's id and {@code migrationId} the migration it names (null when it names none).
     */
    public record Result(
            String requestId,
            MigrationRequest request,
            List<Problem> problems,
            boolean forOperation,
            OperationRequest operation,
            String migrationId) {

        public Result(String requestId, MigrationRequest request, List<Problem> problems) {
            this(requestId, request, problems, false, null, null);
        }

        public boolean valid() {
            return forOperation ? operation != null : request != null;
        }
    }

    /**
     * @param text      the request's JSON text
     * @param defaultId the id to use when the request has no valid {@code request_id}
     */
    public Result read(String text, String defaultId) {
        if (text.length() > MAX_REQUEST_CHARS) {
            return rejected(defaultId, new Problem(defaultId, null, null, tooLong("", text.length())));
        }
        JsonNode json;
        // a parser of our own: a limit it enforces (nesting depth) reports no location, the parser still knows it
        try (JsonParser parser = mapper.createParser(text)) {
            try {
                json = mapper.readTree(parser);
            } catch (JsonProcessingException e) {
                return rejected(
                        defaultId,
                        new Problem(defaultId, null, null, JsonSyntax.describe(e, parser.currentLocation())));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("reading a string cannot fail", e);
        }
        if (json == null || json.isMissingNode()) {
            return rejected(defaultId, new Problem(defaultId, null, null, "empty: a request is a JSON object"));
        }
        if (!json.isObject()) {
            return rejected(
                    defaultId,
                    new Problem(
                            defaultId,
                            null,
                            null,
                            "must be a JSON object (the OMS create-task body), got "
                                    + json.getNodeType().name().toLowerCase()));
        }
        ObjectNode body = (ObjectNode) json;
        if (body.has("operation")) {
            return operations.read(body, defaultId);
        }
        JsonNode explicitId = body.get("request_id");
        String requestId = explicitId != null
                        && explicitId.isTextual()
                        && RequestIds.EXPLICIT.matcher(explicitId.asText()).matches()
                ? explicitId.asText()
                : defaultId;

        List<Problem> problems = new ArrayList<>();
        // on v2 a request is read in v2's own shape (CreateTaskReq) unless it names a field only v1 has
        boolean v2Shape = forV2 && !V2Bodies.isV1Shape(body);
        String unknown = v2Shape
                ? "unknown field: not part of OMS API v2's CreateTaskReq (check the spelling)"
                : forV2
                        ? "unknown field: not part of the OMS v1 create-task body (check the spelling; this request is"
                                + " read in v1's shape because it has " + V2Bodies.v1Marker(body)
                                + ": write it wholly in v2's"
                                + " shape to use v2's fields)"
                        : "unknown field: not part of the OMS v1 create-task body (check the spelling)";
        checkNumbers(body, "", requestId, problems);
        if (problems.isEmpty()) {
            Set<ValidationMessage> messages = (v2Shape ? schemaV2 : schema).validate(body);
            for (ValidationMessage m : messages) {
                problems.add(new Problem(
                        requestId,
                        null,
                        field(m),
                        "additionalProperties".equals(m.getType()) ? unknown : message(m, v2Shape)));
            }
        }
        checkNode(body, "src_node", requestId, problems, v2Shape);
        checkNode(body, "dst_node", requestId, problems, v2Shape);
        checkAliasUse(body, requestId, problems);
        if (forV2 && problems.isEmpty()) {
            if (v2Shape) {
                problems.addAll(V2Rules.problems(body, requestId, aliases));
            } else {
                problems.addAll(V2Bodies.problems(body, requestId));
                problems.addAll(V2Rules.groupProblems(body, requestId, aliases));
            }
        }
        if (body.path("preflight").asBoolean(false) && !forV2) {
            problems.add(new Problem(
                    requestId,
                    null,
                    "preflight",
                    "the checks before a task are OMS API v2's calls"
                            + " (CheckPrefix, ShowBucketRegion): set oms.api-version=v2 to use them"));
        }
        if (body.path("group").asBoolean(false) && !forV2) {
            problems.add(new Problem(
                    requestId,
                    null,
                    "group",
                    "task groups exist in OMS API v2 only: set"
                            + " oms.api-version=v2 to migrate a bucket as a task group"));
        }
        checkObjectKey(body.path("src_node").get("object_key"), requestId, problems);
        checkBandwidth(body.get("bandwidth_policy"), requestId, problems);
        checkPasses(body, requestId, problems);
        String region = body.path("dst_node").path("region").asText(null);
        if (!regionProjects.isEmpty() && region != null && !regionProjects.containsKey(region)) {
            problems.add(new Problem(
                    requestId,
                    null,
                    "dst_node.region",
                    "the destination region '" + Texts.cut(region, 64) + "' is not configured: tasks can be made in "
                            + String.join(", ", new TreeSet<>(regionProjects.keySet()))
                            + " (oms.regions.<region>.project-id)"));
        } else if (!body.has("project_id") && defaultProjectId == null && regionProjects.isEmpty()) {
            problems.add(new Problem(requestId, null, "project_id", "required: oms.project-id is not configured"));
        }
        if (!problems.isEmpty()) {
            return new Result(requestId, null, capped(requestId, problems));
        }
        MigrationRequest request = toRequest(requestId, body, v2Shape);
        int stored = storedLength(request.body());
        if (stored > MAX_REQUEST_CHARS) {
            // an object_key array takes more room in the seed's shape: the stored body is what must fit
            return rejected(
                    requestId, new Problem(requestId, null, null, tooLong("in the shape it is stored, ", stored)));
        }
        return new Result(requestId, request, List.of());
    }

    private static String tooLong(String how, int length) {
        return "too long: a single request may have at most " + MAX_REQUEST_CHARS + " characters, this one has " + how
                + length;
    }

    private int storedLength(ObjectNode body) {
        try {
            return mapper.writeValueAsString(body).length();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a parsed body always serializes", e);
        }
    }

    /** Sorted by field, at most {@link #MAX_PROBLEMS} of them, each field name cut to a readable length. */
    private static List<Problem> capped(String requestId, List<Problem> problems) {
        problems.sort(
                Comparator.comparing((Problem p) -> String.valueOf(p.field())).thenComparing(Problem::message));
        List<Problem> shown = new ArrayList<>(Math.min(problems.size(), MAX_PROBLEMS + 1));
        for (Problem p : problems.subList(0, Math.min(problems.size(), MAX_PROBLEMS))) {
            shown.add(new Problem(p.requestId(), p.line(), Texts.cut(p.field(), MAX_FIELD_CHARS), p.message()));
        }
        if (problems.size() > MAX_PROBLEMS) {
            shown.add(new Problem(requestId, null, null, "and " + (problems.size() - MAX_PROBLEMS) + " more problems"));
        }
        return List.copyOf(shown);
    }

    private MigrationRequest toRequest(String requestId, ObjectNode original, boolean v2Shape) {
        ObjectNode body = original.deepCopy();
        integralNumbers(body);
        body.remove("request_id");
        String projectId = body.has("project_id")
                ? body.remove("project_id").asText()
                : regionProjects.getOrDefault(
                        body.path("dst_node").path("region").asText(""), defaultProjectId);
        ObjectNode secrets = mapper.createObjectNode();
        for (String path : v2Shape ? SECRET_FIELDS_V2 : SECRET_FIELDS) {
            moveSecret(body, secrets, path.split("\\."));
        }
        JsonNode objectKey = body.path("src_node").get("object_key");
        if (!v2Shape && objectKey != null && objectKey.isArray()) {
            // accept the show-response shape (array of names) and emit the seed's create shape
            ((ObjectNode) body.get("src_node"))
                    .putObject("object_key")
                    .put("path", "")
                    .set("keys", objectKey);
        }
        return new MigrationRequest(requestId, projectId, body, secrets.isEmpty() ? null : secrets);
    }

    /** Moves the value at {@code path} (if any) from {@code body} to the same path in {@code secrets}. */
    private static void moveSecret(ObjectNode body, ObjectNode secrets, String[] path) {
        JsonNode from = body;
        for (int i = 0; i < path.length - 1; i++) {
            from = from.get(path[i]);
            if (from == null || !from.isObject()) {
                return;
            }
        }
        String name = path[path.length - 1];
        if (!from.has(name)) {
            return;
        }
        ObjectNode to = secrets;
        for (int i = 0; i < path.length - 1; i++) {
            to = to.has(path[i]) ? (ObjectNode) to.get(path[i]) : to.putObject(path[i]);
        }
        to.set(name, ((ObjectNode) from).remove(name));
    }

    /** Numbers beyond a double (1e400) cannot be validated or sent: named here instead of failing the validator. */
    private static void checkNumbers(JsonNode node, String path, String requestId, List<Problem> problems) {
        if (node.isNumber() && node.isFloatingPointNumber() && !Double.isFinite(node.doubleValue())) {
            problems.add(new Problem(requestId, null, path.isEmpty() ? null : path, "number out of range"));
        } else if (node.isObject()) {
            node.fields()
                    .forEachRemaining(f -> checkNumbers(
                            f.getValue(), path.isEmpty() ? f.getKey() : path + "." + f.getKey(), requestId, problems));
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                checkNumbers(node.get(i), path + "[" + i + "]", requestId, problems);
            }
        }
    }

    /** 50.0 is a valid integer to the schema, but OMS wants 50: integral decimals are sent as integers. */
    private static void integralNumbers(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode v = object.get(name);
                if (v.isFloatingPointNumber()
                        && v.doubleValue() == Math.rint(v.doubleValue())
                        && Math.abs(v.doubleValue()) < 9.0e15) {
                    object.put(name, (long) v.doubleValue());
                } else {
                    integralNumbers(v);
                }
            }
        } else if (node.isArray()) {
            node.forEach(RequestReader::integralNumbers);
        }
    }

    private void checkNode(ObjectNode body, String name, String requestId, List<Problem> problems, boolean v2Shape) {
        JsonNode node = body.get(name);
        if (node == null || !node.isObject()) {
            return;
        }
        boolean ak = node.has("ak");
        boolean sk = node.has("sk");
        JsonNode alias = node.get("credential");
        if (v2Shape && !V2Rules.checkKeys(body, name, requestId, problems)) {
            return;
        }
        if (alias != null && (ak || sk)) {
            problems.add(new Problem(
                    requestId, null, name + ".credential", "give either credential (an alias) or ak and sk, not both"));
        } else if (alias == null && !(ak && sk) && !(v2Shape && V2Rules.keysOptional(body, name))) {
            problems.add(new Problem(
                    requestId,
                    null,
                    name + (ak ? ".sk" : ".ak"),
                    "required: ak and sk, or credential naming a configured credentials.<alias>"));
        } else if (alias != null
                && alias.isTextual()
                && aliases.apply(alias.asText()).isEmpty()) {
            // the value is not repeated: a pasted SK looks like an alias and would end up in every report
            problems.add(new Problem(
                    requestId,
                    null,
                    name + ".credential",
                    "unknown credential alias: the value is"
                            + " not a configured alias (credentials.<alias>.ak and .sk in the configuration)"));
        }
    }

    /**
     * An alias is the operator's key and goes only where the operator allowed: on its sides, with its buckets (the
     * destination's also reads the list file), and, unless allowed, never beside inline keys on the other side: a
     * request must not send the operator's data to an account of its own.
     */
    private void checkAliasUse(ObjectNode body, String requestId, List<Problem> problems) {
        for (String side : List.of("src_node", "dst_node")) {
            JsonNode node = body.path(side);
            JsonNode alias = node.get("credential");
            Optional<AliasPolicy> policy =
                    alias != null && alias.isTextual() ? aliases.apply(alias.asText()) : Optional.empty();
            if (policy.isEmpty()) {
                continue;
            }
            String name = alias.asText();
            boolean source = side.equals("src_node");
            if (!policy.get().allowsSide(source)) {
                problems.add(new Problem(
                        requestId,
                        null,
                        side + ".credential",
                        "credential '" + name + "' may be"
                                + " used on the " + policy.get().sides() + " side only (credentials." + name
                                + ".sides), not"
                                + " as the " + (source ? "source" : "destination")));
            }
            checkBucket(policy.get(), name, side + ".bucket", node.path("bucket"), requestId, problems);
            if (!source) {
                checkBucket(
                        policy.get(),
                        name,
                        "src_node.list_file.obs_bucket",
                        body.path("src_node").path("list_file").path("obs_bucket"),
                        requestId,
                        problems);
            }
            String other = source ? "dst_node" : "src_node";
            JsonNode otherNode = body.path(other);
            if (!allowMixedCredentials
                    && otherNode.get("credential") == null
                    && (otherNode.has("ak") || otherNode.has("sk"))) {
                problems.add(new Problem(
                        requestId,
                        null,
                        other + (otherNode.has("ak") ? ".ak" : ".sk"),
                        "inline keys cannot be paired with the configured credential of " + side + " (the alias's"
                                + " data would go to, or come from, an account the operator never named; see"
                                + " bridge.requests.allow-mixed-credentials)"));
            }
        }
    }

    private static void checkBucket(
            AliasPolicy policy, String alias, String field, JsonNode bucket, String requestId, List<Problem> problems) {
        if (bucket.isTextual() && !policy.allowsBucket(bucket.asText())) {
            problems.add(new Problem(
                    requestId,
                    null,
                    field,
                    "credential '" + alias + "' may not be used with bucket '"
                            + Texts.cut(bucket.asText(), 255) + "' (credentials." + alias + ".buckets: "
                            + String.join(", ", policy.bucketPatterns()) + ")"));
        }
    }

    private static void checkObjectKey(JsonNode objectKey, String requestId, List<Problem> problems) {
        if (objectKey == null) {
            return;
        }
        if (objectKey.isArray()) {
            for (int i = 0; i < objectKey.size(); i++) {
                if (!objectKey.get(i).isTextual()) {
                    problems.add(new Problem(requestId, null, "src_node.object_key[" + i + "]", "must be a string"));
                }
            }
        } else if (objectKey.isObject()) {
            objectKey.fieldNames().forEachRemaining(f -> {
                if (!f.equals("path") && !f.equals("keys")) {
                    problems.add(new Problem(
                            requestId,
                            null,
                            "src_node.object_key." + f,
                            "unknown field (object_key has path and keys)"));
                }
            });
            JsonNode path = objectKey.get("path");
            if (path != null && !path.isTextual()) {
                problems.add(new Problem(requestId, null, "src_node.object_key.path", "must be a string"));
            }
            JsonNode keys = objectKey.get("keys");
            if (keys != null && !(keys.isArray() && allText((ArrayNode) keys))) {
                problems.add(new Problem(requestId, null, "src_node.object_key.keys", "must be an array of strings"));
            }
        }
    }

    private static boolean allText(ArrayNode array) {
        for (JsonNode n : array) {
            if (!n.isTextual()) {
                return false;
            }
        }
        return true;
    }

    /**
     * A migration in passes makes a new task for each pass, long after the request came: its keys come from
     * credential aliases, as the bridge keeps no inline key beyond the first create.
     */
    private void checkPasses(ObjectNode body, String requestId, List<Problem> problems) {
        if (body.has("object_overwrite_mode") && !forV2) {
            problems.add(new Problem(
                    requestId,
                    null,
                    "object_overwrite_mode",
                    "exists in OMS API v2 only: set"
                            + " oms.api-version=v2 (v1 passes skip unchanged objects by migrate_since alone)"));
        }
        JsonNode passes = body.get("passes");
        if (passes == null || !passes.isObject()) {
            return;
        }
        problems.addAll(PassPlan.problems(passes, requestId));
        for (String path : SECRET_FIELDS) {
            String[] parts = path.split("\\.");
            if (body.path(parts[0]).has(parts[1])) {
                problems.add(new Problem(
                        requestId,
                        null,
                        path,
                        "a migration in passes makes a new OMS task for"
                                + " each pass, and the bridge keeps no inline key after the first: give "
                                + (parts[0].endsWith("_node")
                                        ? parts[0] + ".credential (a configured alias)"
                                        : "no key here")
                                + " instead"));
            }
        }
    }

    private static void checkBandwidth(JsonNode policy, String requestId, List<Problem> problems) {
        if (policy == null || !policy.isArray()) {
            return;
        }
        List<int[]> windows = new ArrayList<>();
        for (JsonNode w : policy) {
            int start = minutes(w.path("start").asText(""));
            int end = minutes(w.path("end").asText(""));
            if (start < 0 || end < 0) {
                continue;
            }
            if (start > end) {
                problems.add(new Problem(
                        requestId,
                        null,
                        "bandwidth_policy",
                        "window " + w.path("start").asText() + "-"
                                + w.path("end").asText() + " ends before it starts"));
                continue;
            }
            for (int[] other : windows) {
                if (start <= other[1] && other[0] <= end) {
                    problems.add(new Problem(
                            requestId,
                            null,
                            "bandwidth_policy",
                            "windows must not overlap (" + w.path("start").asText() + "-"
                                    + w.path("end").asText() + " overlaps another)"));
                }
            }
            windows.add(new int[] {start, end});
        }
    }

    private static int minutes(String hhmm) {
        if (!hhmm.matches("([01][0-9]|2[0-3]):[0-5][0-9]")) {
            return -1;
        }
        return Integer.parseInt(hhmm.substring(0, 2)) * 60 + Integer.parseInt(hhmm.substring(3));
    }

    private static String field(ValidationMessage m) {
        String at = m.getInstanceLocation().toString();
        at = at.startsWith("$.") ? at.substring(2) : at.equals("$") ? "" : at.substring(1);
        if (("required".equals(m.getType()) || "additionalProperties".equals(m.getType())) && m.getProperty() != null) {
            return at.isEmpty() ? m.getProperty() : at + "." + m.getProperty();
        }
        return at.isEmpty() ? null : at;
    }

    private static String message(ValidationMessage m, boolean v2Shape) {
        return switch (m.getType()) {
            case "required" -> REQUIRED_FOR_TASK_TYPE.getOrDefault(field(m), "required");
            case "pattern" -> explainPattern(m, v2Shape);
            case "maxLength" -> stripLocation(m.getMessage()) + ", this one has " + length(m.getInstanceNode());
            case "maxItems" ->
                stripLocation(m.getMessage()) + ", this one has "
                        + m.getInstanceNode().size();
            default -> stripLocation(m.getMessage());
        };
    }

    /** The length the schema's maxLength counts: characters, not UTF-16 units. */
    private static int length(JsonNode text) {
        return text == null ? 0 : text.asText().codePointCount(0, text.asText().length());
    }

    private static String explainPattern(ValidationMessage m, boolean v2Shape) {
        String at = m.getInstanceLocation().toString();
        if (at.endsWith("description")) {
            return v2Shape
                    ? "must not contain any of ^ < > & \" ' (OMS API v2)"
                    : "must not contain any of < > ( ) \" ' &";
        }
        if (at.endsWith("request_id")) {
            return "must match [A-Za-z0-9._:-]{1,128}";
        }
        if (at.endsWith("start") || at.endsWith("end")) {
            return "must be a time hh:mm (00:00 to 23:59)";
        }
        if (at.endsWith(".ak")
                || at.endsWith(".sk")
                || at.endsWith("authentication_key")
                || at.endsWith("security_token")) {
            return "must be printable ASCII without spaces (a key never holds other characters)";
        }
        if (at.endsWith("list_file_num")) {
            return "must be a whole number written as a string, e.g. \"3\"";
        }
        return stripLocation(m.getMessage());
    }

    private static String stripLocation(String message) {
        int colon = message.indexOf(": ");
        return message.startsWith("$") && colon > 0 ? message.substring(colon + 2) : message;
    }

    private static Result rejected(String id, Problem problem) {
        return new Result(id, null, List.of(problem));
    }
}
