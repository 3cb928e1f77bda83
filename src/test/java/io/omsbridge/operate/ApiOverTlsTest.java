package io.omsbridge.operate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.omsbridge.BridgeRun;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;

/**
 * Off loopback the token (and any inline keys an operation carries) crosses the network, so the README says to serve
 * the API over TLS with Camel's own settings: {@code camel.server.useGlobalSslContextParameters} and
 * {@code camel.ssl.*}. This shows that they do it: the API answers over HTTPS with the configured certificate, and
 * plain HTTP gets no answer on that port.
 */
class ApiOverTlsTest {

    private static final String PASSWORD = "changeit-for-tests";

    @Test
    void withCamelsGlobalSslParametersTheApiIsServedOverHttpsOnlyWithTheConfiguredCertificate() throws Exception {
        Path data = BridgeRun.newDataDir("api-tls");
        Path keyStore = selfSigned(data.resolve("server.p12"));
        try (OmsSimulator sim = OmsSimulator.start(SimulatorSettings.builder().build())) {
            Map<String, String> settings = BridgeRun.defaults(sim, data);
            settings.put("camel.ssl.enabled", "true");
            settings.put("camel.ssl.keyStore", "file:" + keyStore.toAbsolutePath());
            settings.put("camel.ssl.keyStoreType", "PKCS12");
            settings.put("camel.ssl.keystorePassword", PASSWORD);
            settings.put("camel.server.useGlobalSslContextParameters", "true");
            String port = settings.get("camel.server.port");
            try (BridgeRun bridge = BridgeRun.start(settings)) {
                HttpClient trusting = HttpClient.newBuilder()
                        .sslContext(trusting(keyStore))
                        .connectTimeout(Duration.ofSeconds(10))
                        .build();
                HttpResponse<String> status = trusting.send(
                        HttpRequest.newBuilder(URI.create("https://127.0.0.1:" + port + "/api/status"))
                                .timeout(Duration.ofSeconds(30))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());

                assertThat(status.statusCode()).isEqualTo(200);
                assertThat(status.body()).contains("\"states\"");
                assertThat(status.sslSession()).isPresent();
                assertThatThrownBy(() -> HttpClient.newHttpClient()
                                .send(
                                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/status"))
                                                .timeout(Duration.ofSeconds(10))
                                                .build(),
                                        HttpResponse.BodyHandlers.ofString()))
                        .as("plain HTTP on the TLS port")
                        .isInstanceOf(IOException.class);
            }
        }
    }

    /** A self-signed certificate for 127.0.0.1, made by the JDK's keytool as an operator would. */
    private static Path selfSigned(Path file) throws Exception {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(List.of(
                        keytool.toString(),
                        "-genkeypair",
                        "-alias",
                        "bridge",
                        "-keyalg",
                        "RSA",
                        "-keysize",
                        "2048",
                        "-dname",
                        "CN=127.0.0.1",
                        "-ext",
                        "SAN=ip:127.0.0.1",
                        "-validity",
                        "2",
                        "-storetype",
                        "PKCS12",
                        "-keystore",
                        file.toString(),
                        "-storepass",
                        PASSWORD,
                        "-keypass",
                        PASSWORD))
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor()).as(output).isZero();
        return file;
    }

    private static SSLContext trusting(Path keyStore) throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, PASSWORD.toCharArray());
        }
        TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        trust.init(store);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, trust.getTrustManagers(), null);
        return context;
    }
}
