package io.omsbridge;

/** Request bodies for tests: the seed's create-task body with inline keys or credential aliases. */
public final class Requests {

    public static final String SRC_AK = "SRCAKEXAMPLE7Q2W";
    public static final String SRC_SK = "srcSecretKeyExample0123456789";
    public static final String DST_AK = "DSTAKEXAMPLE9Z8X";
    public static final String DST_SK = "dstSecretKeyExample9876543210";

    private Requests() {}

    /** The seed's body with inline AK/SK and the given source bucket (a name containing "fail" makes the task fail). */
    public static String inline(String requestId, String sourceBucket) {
        return """
                {%s"src_node":{"region":"cn-beijing","ak":"%s","sk":"%s","object_key":{"path":"","keys":[]},
                 "bucket":"%s","cloud_type":"AWS"},
                 "thread_num":50,"enableKMS":false,"description":"A migration task.",
                 "dst_node":{"region":"cn-north-1","ak":"%s","sk":"%s","object_key":"/","bucket":"destination-bucket",
                 "cloud_type":"OBS"},"task_type":"object","enable_failed_object_recording":false}""".formatted(idField(requestId), SRC_AK, SRC_SK, sourceBucket, DST_AK, DST_SK)
                .replace("\n", "");
    }

    /** The seed's body referencing the credential aliases {@code src} and {@code dst}. */
    public static String aliased(String requestId, String sourceBucket) {
        return """
                {%s"src_node":{"region":"cn-beijing","credential":"src","object_key":{"path":"","keys":[]},
                 "bucket":"%s","cloud_type":"AWS"},"thread_num":10,"enableKMS":false,
                 "dst_node":{"region":"cn-north-1","credential":"dst","object_key":"/","bucket":"destination-bucket"}}""".formatted(idField(requestId), sourceBucket).replace("\n", "");
    }

    private static String idField(String requestId) {
        return requestId == null ? "" : "\"request_id\":\"" + requestId + "\",";
    }
}
