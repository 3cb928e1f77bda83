package io.omsbridge.hwcloud.oms.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.huaweicloud.sdk.core.auth.AKSKSigner;
import com.huaweicloud.sdk.core.auth.BasicCredentials;
import com.huaweicloud.sdk.core.http.HttpMethod;
import com.huaweicloud.sdk.core.http.HttpRequest;
import io.omsbridge.hwcloud.oms.auth.AkSkSigner.Authorization;
import io.omsbridge.hwcloud.oms.auth.AkSkSigner.Signed;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import okhttp3.HttpUrl;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Proves our signer and verifier agree with the official Java SDK 3.1.143's own signer ({@code AKSKSigner}) on the
 * requests an OMS client makes: the SDK signs the request it builds, we sign the same request as OkHttp puts it on
 * the wire, and the two Authorization headers are the same string.
 */
class SdkSignerVectorsTest {

    private static final String AK = "HPUAEXAMPLEAK1234567";
    private static final String SK = "exampleSecretKey0123456789abcdefghijklmn";
    private static final String DATE = "20261202T081500Z";
    private static final String ENDPOINT = "http://127.0.0.1:18090";
    private static final String PROJECT = "0215ef11e49d4743be23dd97a1561e91";

    /** One request as the SDK's HttpRequestDef would build it. */
    record Vector(
            String name,
            HttpMethod method,
            String path,
            Map<String, Object> pathParams,
            Map<String, List<String>> query,
            String body) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Vector> vectors() {
        String createBody = "{\"src_node\":{\"ak\":\"s\",\"sk\":\"s\",\"bucket\":\"src\",\"region\":\"cn-north-1\","
                + "\"object_key\":[\"\"]},\"dst_node\":{\"ak\":\"d\",\"sk\":\"d\",\"bucket\":\"dst\",\"region\":\"cn-north-4\"},"
                + "\"description\":\"迁移 request 42\",\"migrate_failed_object\":false}";
        return Stream.of(
                new Vector(
                        "list tasks with a query",
                        HttpMethod.GET,
                        "/v2/{project_id}/tasks",
                        Map.of(),
                        Map.of(
                                "status",
                                List.of("2"),
                                "limit",
                                List.of("100"),
                                "offset",
                                List.of("0"),
                                "group_id",
                                List.of("2c11d99a-9596-4bc6-a6ad-2336455b149c")),
                        null),
                new Vector(
                        "create a task with a JSON body",
                        HttpMethod.POST,
                        "/v2/{project_id}/tasks",
                        Map.of(),
                        Map.of(),
                        createBody),
                new Vector(
                        "stop a task with an empty body",
                        HttpMethod.POST,
                        "/v2/{project_id}/tasks/{task_id}/stop",
                        Map.of("task_id", "180890111968184"),
                        Map.of(),
                        null),
                new Vector(
                        "delete a task",
                        HttpMethod.DELETE,
                        "/v2/{project_id}/tasks/{task_id}",
                        Map.of("task_id", "180890111968184"),
                        Map.of(),
                        null),
                new Vector(
                        "a path with characters that need encoding",
                        HttpMethod.GET,
                        "/v2/{project_id}/taskgroups/{group_id}",
                        Map.of("group_id", "a b+c~ü*%"),
                        Map.of(),
                        null),
                new Vector(
                        "a query with blanks, plus signs, stars and a repeated key",
                        HttpMethod.GET,
                        "/v2/{project_id}/tasks",
                        Map.of(),
                        Map.of("task_name", List.of("x y+z*"), "b", List.of("2", "1")),
                        null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void ourAuthorizationIsTheSdksForTheRequestOnTheWire(Vector v) throws Exception {
        HttpRequest sdkRequest = sdkRequest(v);
        String expected = AKSKSigner.getInstance()
                .sign(sdkRequest, new BasicCredentials().withAk(AK).withSk(SK))
                .get("Authorization");
        URI wire = HttpUrl.get(sdkRequest.getUrl()).uri();

        Signed ours = AkSkSigner.sign(
                v.method().name(),
                wire,
                Map.of("User-Agent", "huaweicloud-usdk-java/3.0", "X-Project-Id", PROJECT, "X-Sdk-Date", DATE),
                body(v),
                AK,
                SK,
                Instant.EPOCH);

        assertThat(expected)
                .startsWith(
                        "SDK-HMAC-SHA256 Access=" + AK + ", SignedHeaders=host;user-agent;x-project-id;x-sdk-date, ");
        assertThat(ours.authorization()).as(ours.canonicalRequest()).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void ourVerifierAcceptsTheSdksSignatureAsAServerReceivesTheRequest(Vector v) throws Exception {
        HttpRequest sdkRequest = sdkRequest(v);
        Authorization auth = AkSkSigner.parseAuthorization(AKSKSigner.getInstance()
                        .sign(sdkRequest, new BasicCredentials().withAk(AK).withSk(SK))
                        .get("Authorization"))
                .orElseThrow();
        URI wire = HttpUrl.get(sdkRequest.getUrl()).uri();
        // what a server sees: OkHttp's Host, the SDK's headers, and a Content-Type the SDK did not sign
        Map<String, String> received = AkSkSignerTest.headers(
                "Host",
                wire.getRawAuthority(),
                "User-Agent",
                "huaweicloud-usdk-java/3.0",
                "X-Project-Id",
                PROJECT,
                "X-Sdk-Date",
                DATE,
                "Content-Type",
                "application/json;charset=UTF-8");

        assertThat(AkSkSigner.verify(
                        v.method().name(),
                        wire.getRawPath(),
                        wire.getRawQuery(),
                        AkSkSignerTest.lookup(received),
                        body(v),
                        auth,
                        SK))
                .isTrue();
        assertThat(AkSkSigner.verify(
                        v.method().name(),
                        wire.getRawPath(),
                        wire.getRawQuery(),
                        AkSkSignerTest.lookup(received),
                        body(v),
                        auth,
                        SK + "x"))
                .isFalse();
    }

    private static HttpRequest sdkRequest(Vector v) {
        HttpRequest.HttpRequestBuilder b = HttpRequest.newBuilder()
                .withEndpoint(ENDPOINT)
                .withPath(v.path())
                .withMethod(v.method())
                .addPathParam("project_id", PROJECT)
                .addPathParam(v.pathParams())
                .addHeader("X-Sdk-Date", DATE)
                .addHeader("User-Agent", "huaweicloud-usdk-java/3.0")
                .addHeader("X-Project-Id", PROJECT)
                .addHeader("Content-Type", v.body() == null ? "application/json" : "application/json;charset=UTF-8");
        v.query().forEach(b::addQueryParam);
        if (v.body() != null) {
            b.withBodyAsString(v.body());
        }
        return b.build();
    }

    private static byte[] body(Vector v) {
        return v.body() == null ? null : v.body().getBytes(StandardCharsets.UTF_8);
    }
}
