package io.omsbridge.hwcloud.oms.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omsbridge.hwcloud.oms.auth.AkSkSigner.Authorization;
import io.omsbridge.hwcloud.oms.auth.AkSkSigner.Signed;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Proves the signer reproduces the verified oms-api.md §8 vector and that the verifier accepts exactly what it should.
 * */
class AkSkSignerTest {

    private static final String AK = "QTWAOYTTINDUT2QVKYUC";
    private static final String SK = "MFyfvK41ba2giqM7Uio6PznpdUKGpownRZlmVmHc";
    private static final Instant VECTOR_TIME = Instant.parse("2019-11-15T03:36:55Z");
    private static final URI VECTOR_URI = URI.create(
            "https://service.region.example.com/v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs?limit=2&marker=13551d6b-755d-4757-b956-536f674975c0");

    private static Signed signVector() {
        return AkSkSigner.sign(
                "GET", VECTOR_URI, Map.of("Content-Type", "application/json"), null, AK, SK, VECTOR_TIME);
    }

    @Test
    void theGuidesExampleRequestGetsTheVerifiedCanonicalRequestAndSignature() {
        Signed signed = signVector();

        assertThat(signed.canonicalRequest()).isEqualTo("""
                GET
                /v1/77b6a44cba5143ab91d13ab9a8ff44fd/vpcs/
                limit=2&marker=13551d6b-755d-4757-b956-536f674975c0
                content-type:application/json
                host:service.region.example.com
                x-sdk-date:20191115T033655Z

                content-type;host;x-sdk-date
                e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855""");
        assertThat(AkSkSigner.sha256Hex(signed.canonicalRequest().getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("b25362e603ee30f4f25e7858e8a7160fd36e803bb2dfe206278659d71a9bcd7a");
        assertThat(signed.sdkDate()).isEqualTo("20191115T033655Z");
        assertThat(signed.authorization())
                .isEqualTo("SDK-HMAC-SHA256 Access=QTWAOYTTINDUT2QVKYUC, "
                        + "SignedHeaders=content-type;host;x-sdk-date, "
                        + "Signature=7be6668032f70418fcc22abc52071e57aff61b84a1d2381bb430d6870f4f6ebe");
    }

    @Test
    void theVerifierAcceptsTheExampleRequestAsAServerReceivesIt() {
        Signed signed = signVector();
        Authorization auth =
                AkSkSigner.parseAuthorization(signed.authorization()).orElseThrow();

        assertThat(auth.accessKey()).isEqualTo(AK);
        assertThat(auth.signedHeaders()).containsExactly("content-type", "host", "x-sdk-date");
        assertThat(verify(received(signed), null, auth, SK)).isTrue();
    }

    @Test
    void aWrongSecretKeyATamperedBodyOrAChangedSignedHeaderFailTheCheck() {
        URI uri = URI.create("http://127.0.0.1:8090/v2/p1/tasks");
        byte[] body = "{\"description\":\"a\"}".getBytes(StandardCharsets.UTF_8);
        Signed signed = AkSkSigner.sign("POST", uri, Map.of("X-Project-Id", "p1"), body, "AK1", "SK1", VECTOR_TIME);
        Authorization auth =
                AkSkSigner.parseAuthorization(signed.authorization()).orElseThrow();
        Map<String, String> headers =
                headers("host", "127.0.0.1:8090", "x-project-id", "p1", "x-sdk-date", signed.sdkDate());

        assertThat(AkSkSigner.verify("POST", "/v2/p1/tasks", null, lookup(headers), body, auth, "SK1"))
                .isTrue();
        assertThat(AkSkSigner.verify("POST", "/v2/p1/tasks", null, lookup(headers), body, auth, "SK2"))
                .isFalse();
        assertThat(AkSkSigner.verify(
                        "POST",
                        "/v2/p1/tasks",
                        null,
                        lookup(headers),
                        "{\"description\":\"b\"}".getBytes(StandardCharsets.UTF_8),
                        auth,
                        "SK1"))
                .isFalse();
        assertThat(AkSkSigner.verify("POST", "/v2/p2/tasks", null, lookup(headers), body, auth, "SK1"))
                .isFalse();
        assertThat(AkSkSigner.verify("PUT", "/v2/p1/tasks", null, lookup(headers), body, auth, "SK1"))
                .isFalse();
        assertThat(AkSkSigner.verify("POST", "/v2/p1/tasks", "limit=1", lookup(headers), body, auth, "SK1"))
                .isFalse();
        Map<String, String> otherProject = new TreeMap<>(headers);
        otherProject.put("x-project-id", "p2");
        assertThat(AkSkSigner.verify("POST", "/v2/p1/tasks", null, lookup(otherProject), body, auth, "SK1"))
                .isFalse();
    }

    @Test
    void aHeaderTheClientDidNotSignMayChangeButOneItNamedMustBeThere() {
        URI uri = URI.create("http://127.0.0.1:8090/v2/p1/tasks");
        Signed signed = AkSkSigner.sign("GET", uri, Map.of(), null, "AK1", "SK1", VECTOR_TIME);
        Authorization auth =
                AkSkSigner.parseAuthorization(signed.authorization()).orElseThrow();
        Map<String, String> headers = headers(
                "host",
                "127.0.0.1:8090",
                "x-sdk-date",
                signed.sdkDate(),
                "content-type",
                "text/plain",
                "user-agent",
                "changed on the way");

        assertThat(auth.signedHeaders()).containsExactly("host", "x-sdk-date");
        assertThat(AkSkSigner.verify("GET", "/v2/p1/tasks", null, lookup(headers), null, auth, "SK1"))
                .isTrue();
        headers.remove("host");
        assertThat(AkSkSigner.verify("GET", "/v2/p1/tasks", null, lookup(headers), null, auth, "SK1"))
                .isFalse();
    }

    @Test
    void withoutAnXSdkDateNothingVerifiesEvenWhenTheClientDidNotSignIt() {
        Map<String, String> headers = headers("host", "h", "x-sdk-date", "20191115T033655Z");
        Authorization hostOnly = new Authorization("AK1", List.of("host"), "");
        String signature =
                AkSkSigner.expectedSignature("GET", "/v2/p/tasks", null, lookup(headers), null, hostOnly, "SK1");
        Authorization auth = new Authorization("AK1", List.of("host"), signature);
        assertThat(AkSkSigner.verify("GET", "/v2/p/tasks", null, lookup(headers), null, auth, "SK1"))
                .isTrue();

        headers.remove("x-sdk-date");

        assertThat(AkSkSigner.verify("GET", "/v2/p/tasks", null, lookup(headers), null, auth, "SK1"))
                .isFalse();
    }

    @Test
    void anUnsignedPayloadHeaderStandsInForTheBodyHash() {
        URI uri = URI.create("http://h/v2/p/tasks");
        Signed signed = AkSkSigner.sign(
                "POST",
                uri,
                Map.of("X-Sdk-Content-Sha256", "UNSIGNED-PAYLOAD"),
                "one".getBytes(StandardCharsets.UTF_8),
                "AK1",
                "SK1",
                VECTOR_TIME);
        Authorization auth =
                AkSkSigner.parseAuthorization(signed.authorization()).orElseThrow();
        Map<String, String> headers =
                headers("host", "h", "x-sdk-date", signed.sdkDate(), "x-sdk-content-sha256", "UNSIGNED-PAYLOAD");

        assertThat(signed.canonicalRequest()).endsWith("\nUNSIGNED-PAYLOAD");
        assertThat(AkSkSigner.verify(
                        "POST",
                        "/v2/p/tasks",
                        null,
                        lookup(headers),
                        "two".getBytes(StandardCharsets.UTF_8),
                        auth,
                        "SK1"))
                .isTrue();
    }

    @Test
    void theCanonicalUriEndsInASlashAndEncodesEachSegmentTheSdksWay() {
        assertThat(AkSkSigner.canonicalUri("/v2/p1/tasks")).isEqualTo("/v2/p1/tasks/");
        assertThat(AkSkSigner.canonicalUri("/v2/p1/tasks/")).isEqualTo("/v2/p1/tasks/");
        assertThat(AkSkSigner.canonicalUri("/")).isEqualTo("/");
        assertThat(AkSkSigner.canonicalUri("")).isEqualTo("/");
        assertThat(AkSkSigner.canonicalUri("/a%20b+c/%C3%BC~*/x%7Ey")).isEqualTo("/a%20b%2Bc/%C3%BC~%2A/x~y/");
    }

    @Test
    void theCanonicalQueryIsSortedByKeyOnlyAndRepeatedKeysKeepTheirOrder() {
        assertThat(AkSkSigner.canonicalQuery("status=2&b=2&a=z&a=y&flag&empty="))
                .isEqualTo("a=z&a=y&b=2&empty=&flag=&status=2");
        assertThat(AkSkSigner.canonicalQuery("name=x%20y&plus=a+b&star=*")).isEqualTo("name=x%20y&plus=a%2Bb&star=%2A");
        assertThat(AkSkSigner.canonicalQuery(null)).isEmpty();
    }

    @Test
    void headerValuesAreSignedUntrimmed() {
        URI uri = URI.create("http://h/x");
        Signed trimmed = AkSkSigner.sign("GET", uri, Map.of("X-A", "v"), null, "AK1", "SK1", VECTOR_TIME);
        Signed padded = AkSkSigner.sign("GET", uri, Map.of("X-A", " v "), null, "AK1", "SK1", VECTOR_TIME);

        assertThat(padded.canonicalRequest()).contains("\nx-a: v \n");
        assertThat(padded.authorization()).isNotEqualTo(trimmed.authorization());
    }

    @Test
    void anAuthorizationHeaderOfAnotherSchemeOrWithoutOneOfItsPartsDoesNotParse() {
        assertThat(AkSkSigner.parseAuthorization("Bearer abc")).isEmpty();
        assertThat(AkSkSigner.parseAuthorization(null)).isEmpty();
        assertThat(AkSkSigner.parseAuthorization("SDK-HMAC-SHA256 Access=a, SignedHeaders=host"))
                .isEmpty();
        assertThat(AkSkSigner.parseAuthorization("SDK-HMAC-SHA256 Access=a, SignedHeaders=host;;x, Signature=00"))
                .isEmpty();
        assertThat(AkSkSigner.parseAuthorization("SDK-HMAC-SHA256 Access=, SignedHeaders=host, Signature=00"))
                .isEmpty();
        assertThat(AkSkSigner.parseAuthorization(
                        "SDK-HMAC-SHA256 Access=a, Access=b, SignedHeaders=host, Signature=00"))
                .isEmpty();
        assertThat(AkSkSigner.parseAuthorization("SDK-HMAC-SHA256 Access=a,SignedHeaders=host,Signature=00"))
                .contains(new Authorization("a", List.of("host"), "00"));
    }

    @Test
    void anXSdkDateParsesOnlyInItsBasicIsoForm() {
        assertThat(AkSkSigner.parseDate("20191115T033655Z")).contains(VECTOR_TIME);
        assertThat(AkSkSigner.parseDate("2019-11-15T03:36:55Z")).isEmpty();
        assertThat(AkSkSigner.parseDate("20191315T033655Z")).isEmpty();
        assertThat(AkSkSigner.parseDate(null)).isEmpty();
    }

    @Test
    void noSecretKeyShowsInWhatTheSignerReturnsOrThrows() {
        Signed signed = signVector();
        assertThat(signed.toString()).doesNotContain(SK);

        assertThatThrownBy(() -> AkSkSigner.sign("GET", VECTOR_URI, Map.of("bad_name", "v"), null, AK, SK, VECTOR_TIME))
                .isInstanceOf(IllegalArgumentException.class)
                .message()
                .doesNotContain(SK);
        assertThatThrownBy(() -> AkSkSigner.sign("GET", VECTOR_URI, Map.of(), null, "A K", SK, VECTOR_TIME))
                .message()
                .doesNotContain(SK);
        assertThatThrownBy(() -> AkSkSigner.sign("GET", VECTOR_URI, Map.of(), null, AK, "", VECTOR_TIME))
                .hasMessage("sk must not be empty");
    }

    private static Map<String, String> received(Signed signed) {
        return headers(
                "content-type",
                "application/json",
                "host",
                "service.region.example.com",
                "x-sdk-date",
                signed.sdkDate());
    }

    private static boolean verify(Map<String, String> headers, byte[] body, Authorization auth, String sk) {
        return AkSkSigner.verify(
                "GET", VECTOR_URI.getRawPath(), VECTOR_URI.getRawQuery(), lookup(headers), body, auth, sk);
    }

    static Map<String, String> headers(String... pairs) {
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < pairs.length; i += 2) {
            headers.put(pairs[i], pairs[i + 1]);
        }
        return headers;
    }

    static Function<String, String> lookup(Map<String, String> headers) {
        return headers::get;
    }
}
