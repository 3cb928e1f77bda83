package io.omsbridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.omsbridge.request.SeedRequests;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/** Test-side HTTP client for the simulator: java.net.http over HTTP/1.1, JSON helpers, the seed's bodies. */
final class SimClient {

    static final String PROJECT = SimulatorSettings.DEFAULT_USER.projectId();
    static final ObjectMapper MAPPER = new ObjectMapper();

    /** The quickstart's token request, word for word. */
    static final String SEED_TOKEN_BODY = """
            {
                "auth": {
                    "identity": {
                        "methods": [
                            "password"
                        ],
                        "password": {
                            "user": {
                                "name": "testname",
                                "domain": {
                                    "name": "testname"
                                },
                                "password": "Password"
                            }
                        }
                    },
                    "scope": {
                        "project": {
                            "id": "0215ef11e49d4743be23dd97a1561e91"
                        }
                    }
                }
            }
            """;

    /** The quickstart's create body with {cloud_type} = AWS. */
    static final String SEED_CREATE_BODY = SeedRequests.SEED_BODY;

    /** A v2 CreateTaskReq (§4.1) whose source bucket is {source_bucket}. */
    static final String V2_CREATE_BODY = """
            {"task_type":"object",
             "src_node":{"cloud_type":"AWS","region":"us-east-1","ak":"SRC_AK","sk":"SRC_SK","bucket":"source_bucket",
                         "object_key":[""]},
             "dst_node":{"region":"cn-north-1","ak":"DST_AK","sk":"DST_SK","bucket":"dst-bucket","save_prefix":"backup/"},
             "enable_kms":false,"description":"bridge request r-1"}""";

    /** A v2 StartTaskReq with every key. */
    static final String V2_START_BODY = """
            {"src_ak":"SRC_AK","src_sk":"SRC_SK","dst_ak":"DST_AK","dst_sk":"DST_SK","migrate_failed_object":false}""";

    final HttpClient http;
    final String baseUrl;

    SimClient(OmsSimulator simulator) {
        this(simulator.baseUrl());
    }

    SimClient(String baseUrl) {
        this.baseUrl = baseUrl;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    static String createBody(String srcBucket) {
        return SEED_CREATE_BODY.replace("\"source_bucket\"", "\"" + srcBucket + "\"");
    }

    static String tokenBody(String domain, String user, String password, String scope) {
        return """
                {"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"%s","password":"%s",
                "domain":{"name":"%s"}}}},"scope":%s}}""".formatted(user, password, domain, scope);
    }

    /** A token for the default user and project, asserting the 201. */
    String token() {
        return token(SEED_TOKEN_BODY);
    }

    /** A token for this token request body, asserting the 201. */
    String token(String tokenRequest) {
        HttpResponse<String> r = send("POST", "/v3/auth/tokens", tokenRequest, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return r.headers().firstValue("X-Subject-Token").orElseThrow();
    }

    HttpResponse<String> oms(String method, String pathAfterService, String body, String token) {
        return send(method, "/v1/" + PROJECT + "/objectstorage/" + pathAfterService, body, token);
    }

    /** Creates a task from the seed body with the given source bucket; returns its id. */
    long create(String token, String srcBucket) {
        HttpResponse<String> r = oms("POST", "task", createBody(srcBucket), token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r).get("id").asLong();
    }

    static String v2CreateBody(String srcBucket) {
        return V2_CREATE_BODY.replace("\"source_bucket\"", "\"" + srcBucket + "\"");
    }

    /** A call to {@code /v2/{project}/<pathAfterProject>} of the default project. */
    HttpResponse<String> v2(String method, String pathAfterProject, String body, String token) {
        return send(method, "/v2/" + PROJECT + "/" + pathAfterProject, body, token);
    }

    /** Creates a task through v2 from {@link #V2_CREATE_BODY} with the given source bucket; returns its id. */
    long createV2(String token, String srcBucket) {
        HttpResponse<String> r = v2("POST", "tasks", v2CreateBody(srcBucket), token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r).get("id").asLong();
    }

    /** The v2 TaskResp of a task, asserting the 200. */
    JsonNode showV2(String token, long id) {
        HttpResponse<String> r = v2("GET", "tasks/" + id, null, token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    /** Sends the body with Transfer-Encoding: chunked and no Content-Length, as the official SDK does. */
    HttpResponse<String> sendChunked(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(10))
                .method(
                        method,
                        HttpRequest.BodyPublishers.ofInputStream(
                                () -> new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8))));
        headers.forEach(b::header);
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    JsonNode show(String token, long id) {
        HttpResponse<String> r = oms("GET", "task/" + id, null, token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r);
    }

    int status(String token, long id) {
        return show(token, id).get("status").asInt();
    }

    HttpResponse<String> send(String method, String path, String body, String token) {
        try {
            return sendOrThrow(method, path, body, token);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    HttpResponse<String> sendOrThrow(String method, String path, String body, String token) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + path))
                .timeout(Duration.ofSeconds(10))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json;charset=UTF-8");
        }
        if (token != null) {
            b.header("X-Auth-Token", token);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return MAPPER.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + r.body(), e);
        }
    }

    /** Asserts an OMS-shaped error answer with this status and code. */
    static JsonNode assertOmsError(HttpResponse<String> r, int status, String code) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode body = json(r);
        assertThat(body.path("error_code").asText()).as(r.body()).isEqualTo(code);
        assertThat(body.path("error_msg").asText()).isNotBlank();
        return body;
    }
}
