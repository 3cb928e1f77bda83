package io.omsbridge.request;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The seed's create-task body (oms-quickstart.md, step 2, with cloud_type AWS), as text and as a tree to mutate. */
public final class SeedRequests {

    public static final String PROJECT_ID = "0215ef11e49d4743be23dd97a1561e91";
    public static final String SOURCE_SK = "source_sk";
    public static final String DESTINATION_SK = "destination_sk";

    /** The seed's create body with {cloud_type} = AWS, shared with the simulator's quickstart walk-through. */
    public static final String SEED_BODY = resource("/seed/create-task-body.json");

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SeedRequests() {}

    public static String resource(String path) {
        try (var in = SeedRequests.class.getResourceAsStream(path)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("test resource " + path + " missing", e);
        }
    }

    /** A fresh, mutable copy of the seed body. */
    public static ObjectNode seed() {
        try {
            return (ObjectNode) MAPPER.readTree(SEED_BODY);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The reader every test uses: only the alias {@code known} is configured. */
    public static RequestReader reader() {
        return new RequestReader(alias -> alias.equals("known"), PROJECT_ID);
    }

    public static String json(Object tree) {
        try {
            return MAPPER.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
