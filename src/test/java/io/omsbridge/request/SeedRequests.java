package io.omsbridge.request;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The seed's create-task body (oms-quickstart.md, step 2, with cloud_type AWS), as text and as a tree to mutate. */
public final class SeedRequests {

    public static final String PROJECT_ID = "0215ef11e49d4743be23dd97a1561e91";
    public static final String SOURCE_SK = "source_sk";
    public static final String DESTINATION_SK = "destination_sk";

    public static final String SEED_BODY = """
            {
                "src_node": {
                    "region": "cn-beijing",
                    "ak": "source_ak",
                    "sk": "source_sk",
                    "object_key": {
                        "path": "",
                        "keys": []
                    },
                    "bucket": "source_bucket",
                    "cloud_type": "AWS"
                },
                "thread_num": 50,
                "enableKMS": false,
                "description": "A migration task.",
                "dst_node": {
                    "region": "cn-north-1",
                    "ak": "destination_ak",
                    "sk": "destination_sk",
                    "object_key": "/",
                    "bucket": "destination_bucket",
                    "cloud_type": "OBS"
                },
                "task_type": "object",
                "enable_failed_object_recording": false
            }
            """;

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SeedRequests() {
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
