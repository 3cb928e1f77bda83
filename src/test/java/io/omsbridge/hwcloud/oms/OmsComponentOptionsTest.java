package io.omsbridge.hwcloud.oms;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.camel.CamelContext;
import org.apache.camel.CatalogCamelContext;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PropertyConfigurer;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.PropertyBindingSupport;
import org.apache.camel.support.PropertyConfigurerHelper;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** hwcloud-oms is configured like Camel's own components: generated configurers, a catalogue entry, defaults copied
 * once. */
class OmsComponentOptionsTest {

    private CamelContext context;
    private OmsComponent component;

    @BeforeEach
    void start() {
        context = new DefaultCamelContext();
        context.start();
        component = context.getComponent("hwcloud-oms", OmsComponent.class);
    }

    @AfterEach
    void stop() throws Exception {
        context.close();
    }

    @Test
    void camelFindsTheGeneratedConfigurersAndUriFactory() {
        PropertyConfigurer endpoint =
                PluginHelper.getConfigurerResolver(context).resolvePropertyConfigurer("hwcloud-oms-endpoint", context);
        PropertyConfigurer ofComponent =
                PluginHelper.getConfigurerResolver(context).resolvePropertyConfigurer("hwcloud-oms-component", context);
        assertThat(endpoint).isInstanceOf(OmsEndpointConfigurer.class);
        assertThat(ofComponent).isInstanceOf(OmsComponentConfigurer.class);
        assertThat(context.getCamelContextExtension().getEndpointUriFactory("hwcloud-oms"))
                .isInstanceOf(OmsEndpointUriFactory.class);
    }

    @Test
    void optionsSetOnTheComponentAreTheDefaultsOfEveryEndpointMadeAfterThem() {
        // one option of each kind: a string, an enum, a number, a secret
        // as Camel Main binds camel.component.hwcloud-oms.*: through the generated configurer, reflection off
        PropertyBindingSupport.build()
                .withReflection(false)
                .withConfigurer(PropertyConfigurerHelper.resolvePropertyConfigurer(context, component))
                .bind(
                        context,
                        component,
                        new LinkedHashMap<>(Map.of(
                                "projectId",
                                "project-from-component",
                                "apiVersion",
                                "v2",
                                "authentication",
                                "aksk",
                                "deadline",
                                "4500",
                                "secretKey",
                                "component-secret")));

        OmsConfiguration made =
                context.getEndpoint("hwcloud-oms:showTask", OmsEndpoint.class).getConfiguration();
        assertThat(made.getProjectId()).isEqualTo("project-from-component");
        assertThat(made.getApiVersion()).isEqualTo(OmsApiVersion.v2);
        assertThat(made.getAuthentication()).isEqualTo(OmsAuthentication.aksk);
        assertThat(made.getDeadline()).isEqualTo(4500);
        assertThat(made.getSecretKey()).isEqualTo("component-secret");
        assertThat(made.getOperation()).isEqualTo(OmsOperations.showTask);
    }

    @Test
    void anEndpointsOwnOptionsWinAndStayItsOwn() {
        component.getConfiguration().setProjectId("component-project");
        OmsConfiguration own = context.getEndpoint(
                        "hwcloud-oms:listTasks?projectId=own-project&apiVersion=v2"
                                + "&deadline=1200&accessKey=RAW(own-ak)",
                        OmsEndpoint.class)
                .getConfiguration();
        OmsConfiguration other =
                context.getEndpoint("hwcloud-oms:listTasks", OmsEndpoint.class).getConfiguration();

        assertThat(own.getProjectId()).isEqualTo("own-project");
        assertThat(own.getApiVersion()).isEqualTo(OmsApiVersion.v2);
        assertThat(own.getDeadline()).isEqualTo(1200);
        assertThat(own.getAccessKey()).isEqualTo("own-ak");
        // the component's configuration is copied, never shared: one endpoint's options do not leak into another's
        assertThat(other.getProjectId()).isEqualTo("component-project");
        assertThat(other.getApiVersion()).isEqualTo(OmsApiVersion.v1);
        assertThat(component.getConfiguration().getAccessKey()).isNull();
    }

    @Test
    void theCatalogueEntryDescribesEveryOptionAndMarksTheSecrets() throws Exception {
        JsonNode json = new ObjectMapper()
                .readTree(((CatalogCamelContext) context).getComponentParameterJsonSchema("hwcloud-oms"));
        assertThat(json.path("component").path("scheme").asText()).isEqualTo("hwcloud-oms");
        JsonNode properties = json.path("properties");
        assertThat(properties.path("operation").path("required").asBoolean()).isTrue();
        assertThat(properties.path("operation").path("enum"))
                .extracting(JsonNode::asText)
                .contains("createTask", "showTask", "listTasks", "createTaskGroup");
        for (String secret : List.of("accessKey", "secretKey", "iamPassword", "iamUsername")) {
            assertThat(properties.path(secret).path("secret").asBoolean())
                    .as(secret + " is secret")
                    .isTrue();
        }
        assertThat(properties.path("apiVersion").path("defaultValue").asText()).isEqualTo("v1");
        assertThat(properties.path("deadline").path("defaultValue").asLong()).isEqualTo(30_000);
    }

    @Test
    void theDocumentedOptionTableMatchesTheCatalogue() throws Exception {
        JsonNode json;
        try (InputStream in = getClass().getResourceAsStream("/META-INF/io/omsbridge/hwcloud/oms/hwcloud-oms.json")) {
            json = new ObjectMapper().readTree(in);
        }
        TreeSet<String> catalogue = new TreeSet<>();
        json.path("properties").fieldNames().forEachRemaining(catalogue::add);
        json.path("componentProperties").fieldNames().forEachRemaining(catalogue::add);
        // Camel's own options of every component and endpoint are documented by Camel, not by us
        catalogue.removeAll(List.of("operation", "lazyStartProducer", "autowiredEnabled"));

        String doc = Files.readString(Path.of("docs/component.md"));
        TreeSet<String> documented = new TreeSet<>();
        Matcher row = Pattern.compile("(?m)^\\| (?:component: )?(`[^|]+)\\|").matcher(doc);
        while (row.find()) {
            Matcher name = Pattern.compile("`(\\w+)`").matcher(row.group(1));
            while (name.find()) {
                documented.add(name.group(1));
            }
        }
        assertThat(documented).as("options in docs/component.md's table").containsAll(catalogue);
        assertThat(catalogue)
                .as("documented options the component has")
                .containsAll(documented.stream()
                        .filter(n -> !json.path("headers").has(n) && !isOperation(json, n))
                        .toList());
    }

    private static boolean isOperation(JsonNode json, String name) {
        for (JsonNode value : json.path("properties").path("operation").path("enum")) {
            if (value.asText().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
