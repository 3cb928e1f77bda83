package io.omsbridge.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Proves the IAM password-token endpoint issues Keystone-shaped tokens and refuses bad requests the Keystone way. */
class IamTokenTest {

    private static OmsSimulator simulator;
    private static SimClient client;

    @BeforeAll
    static void start() {
        simulator = OmsSimulator.start(SimulatorSettings.builder()
                .user("testname", "testname", "Password", "0215ef11e49d4743be23dd97a1561e91", "cn-north-1")
                .user("otherdomain", "alice", "Secret-1", "p2p2p2p2p2p2p2p2p2p2p2p2p2p2p2p2", "cn-east-3")
                .build());
        client = new SimClient(simulator);
    }

    @AfterAll
    static void stop() {
        simulator.close();
    }

    @Test
    void aProjectScopedTokenComesIn201WithTheTokenHeaderAndTheKeystoneBody() {
        HttpResponse<String> r = client.send("POST", "/v3/auth/tokens", SimClient.SEED_TOKEN_BODY, null);

        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.headers().firstValue("X-Request-Id")).isPresent();
        assertThat(r.headers().firstValue("X-Subject-Token").orElseThrow())
                .startsWith("MII")
                .hasSizeGreaterThan(200);
        JsonNode token = SimClient.json(r).get("token");
        assertThat(token.get("methods").get(0).asText()).isEqualTo("password");
        String micros = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{6}Z";
        assertThat(token.get("expires_at").asText()).matches(micros);
        assertThat(token.get("issued_at").asText()).matches(micros);
        Instant issued = Instant.parse(token.get("issued_at").asText());
        Instant expires = Instant.parse(token.get("expires_at").asText());
        assertThat(expires).isEqualTo(issued.plusSeconds(24 * 3600));
        assertThat(token.at("/user/name").asText()).isEqualTo("testname");
        assertThat(token.at("/user/id").asText()).hasSize(32);
        assertThat(token.at("/user/password_expires_at").asText()).isEmpty();
        assertThat(token.at("/user/domain/name").asText()).isEqualTo("testname");
        assertThat(token.at("/project/id").asText()).isEqualTo("0215ef11e49d4743be23dd97a1561e91");
        assertThat(token.at("/project/name").asText()).isEqualTo("cn-north-1");
        assertThat(token.at("/project/domain/name").asText()).isEqualTo("testname");
        assertThat(token.at("/roles/0/id").asText()).isEqualTo("0");
        JsonNode oms = token.get("catalog").get(0);
        assertThat(oms.get("type").asText()).isEqualTo("oms");
        assertThat(oms.at("/endpoints/0/url").asText()).isEqualTo(simulator.baseUrl());
        assertThat(oms.at("/endpoints/0/interface").asText()).isEqualTo("public");
    }

    @Test
    void aProjectCanBeNamedInsteadOfIdentified() {
        HttpResponse<String> r = client.send(
                "POST",
                "/v3/auth/tokens",
                SimClient.tokenBody("testname", "testname", "Password", "{\"project\":{\"name\":\"cn-north-1\"}}"),
                null);

        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(SimClient.json(r).at("/token/project/id").asText()).isEqualTo("0215ef11e49d4743be23dd97a1561e91");
    }

    @Test
    void aDomainScopedTokenCarriesTheDomainAndNoProject() {
        HttpResponse<String> r = client.send(
                "POST",
                "/v3/auth/tokens",
                SimClient.tokenBody("otherdomain", "alice", "Secret-1", "{\"domain\":{\"name\":\"otherdomain\"}}"),
                null);

        assertThat(r.statusCode()).isEqualTo(201);
        JsonNode token = SimClient.json(r).get("token");
        assertThat(token.at("/domain/name").asText()).isEqualTo("otherdomain");
        assertThat(token.has("project")).isFalse();
    }

    @Test
    void noCatalogHidesTheCatalog() {
        HttpResponse<String> r = client.send("POST", "/v3/auth/tokens?nocatalog=true", SimClient.SEED_TOKEN_BODY, null);

        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(SimClient.json(r).get("token").has("catalog")).isFalse();
    }

    @Test
    void aBodyThatIsNotJsonIsA400InKeystoneShape() {
        assertKeystone(client.send("POST", "/v3/auth/tokens", "not json", null), 400, "Bad Request");
        assertKeystone(client.send("POST", "/v3/auth/tokens", "", null), 400, "Bad Request");
    }

    @Test
    void missingFieldsAreA400() {
        assertKeystone(client.send("POST", "/v3/auth/tokens", "{\"auth\":{}}", null), 400, "Bad Request");
        assertKeystone(
                client.send(
                        "POST",
                        "/v3/auth/tokens",
                        "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"testname\"}}}}}",
                        null),
                400,
                "Bad Request");
    }

    @Test
    void aRequestWithoutScopeIsA400BecauseIdentityAndScopeAreBothRequired() {
        String noScope =
                "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"testname\","
                        + "\"password\":\"Password\",\"domain\":{\"name\":\"testname\"}}}}}}";

        HttpResponse<String> r = client.send("POST", "/v3/auth/tokens", noScope, null);

        assertKeystone(r, 400, "Bad Request");
        assertThat(SimClient.json(r).at("/error/message").asText()).contains("scope");
        assertKeystone(
                client.send(
                        "POST",
                        "/v3/auth/tokens",
                        SimClient.tokenBody("testname", "testname", "Password", "null"),
                        null),
                400,
                "Bad Request");
        assertKeystone(
                client.send(
                        "POST",
                        "/v3/auth/tokens",
                        SimClient.tokenBody("testname", "testname", "Password", "\"cn-north-1\""),
                        null),
                400,
                "Bad Request");
    }

    @Test
    void aScopeThatNamesNeitherProjectNorDomainIsA400() {
        assertKeystone(
                client.send(
                        "POST", "/v3/auth/tokens", SimClient.tokenBody("testname", "testname", "Password", "{}"), null),
                400,
                "Bad Request");
        assertKeystone(
                client.send(
                        "POST",
                        "/v3/auth/tokens",
                        SimClient.tokenBody("testname", "testname", "Password", "{\"project\":{}}"),
                        null),
                400,
                "Bad Request");
    }

    @Test
    void aMissingScopeIsA400EvenWithAWrongPassword() {
        String noScope =
                "{\"auth\":{\"identity\":{\"methods\":[\"password\"],\"password\":{\"user\":{\"name\":\"testname\","
                        + "\"password\":\"wrong\",\"domain\":{\"name\":\"testname\"}}}}}}";

        assertKeystone(client.send("POST", "/v3/auth/tokens", noScope, null), 400, "Bad Request");
    }

    @Test
    void aWrongMethodIsA405AndAnUnknownPathA404InKeystoneShape() {
        assertKeystone(client.send("GET", "/v3/auth/tokens", null, null), 405, "Method Not Allowed");
        assertKeystone(client.send("POST", "/v3/auth/tokens/extra", SimClient.SEED_TOKEN_BODY, null), 404, "Not Found");
    }

    @Test
    void aWrongPasswordUserOrDomainIsA401() {
        String scope = "{\"project\":{\"id\":\"0215ef11e49d4743be23dd97a1561e91\"}}";
        assertKeystone(
                client.send(
                        "POST", "/v3/auth/tokens", SimClient.tokenBody("testname", "testname", "wrong", scope), null),
                401,
                "Unauthorized");
        assertKeystone(
                client.send(
                        "POST", "/v3/auth/tokens", SimClient.tokenBody("testname", "nobody", "Password", scope), null),
                401,
                "Unauthorized");
        assertKeystone(
                client.send(
                        "POST",
                        "/v3/auth/tokens",
                        SimClient.tokenBody("elsewhere", "testname", "Password", scope),
                        null),
                401,
                "Unauthorized");
    }

    @Test
    void anUnknownOrForeignProjectIsA401() {
        assertKeystone(
                client.send(
                        "POST",
                        "/v3/auth/tokens",
                        SimClient.tokenBody("testname", "testname", "Password", "{\"project\":{\"id\":\"nope\"}}"),
                        null),
                401,
                "Unauthorized");
        assertKeystone(
                client.send(
                        "POST",
                        "/v3/auth/tokens",
                        SimClient.tokenBody(
                                "testname", "testname", "Password", "{\"project\":{\"name\":\"cn-east-3\"}}"),
                        null),
                401,
                "Unauthorized");
    }

    @Test
    void everyCallAndEveryFailureIsCounted() {
        long calls = simulator.stats().tokenCalls();
        long failures = simulator.stats().tokenFailures();

        client.token();
        client.send("POST", "/v3/auth/tokens", "{}", null);

        assertThat(simulator.stats().tokenCalls()).isEqualTo(calls + 2);
        assertThat(simulator.stats().tokenFailures()).isEqualTo(failures + 1);
    }

    private static void assertKeystone(HttpResponse<String> r, int code, String title) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(code);
        JsonNode error = SimClient.json(r).get("error");
        assertThat(error.get("code").asInt()).isEqualTo(code);
        assertThat(error.get("title").asText()).isEqualTo(title);
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(r.headers().firstValue("X-Subject-Token")).isEmpty();
    }
}
