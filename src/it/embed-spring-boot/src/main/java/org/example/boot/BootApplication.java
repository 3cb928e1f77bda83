package org.example.boot;

import io.omsbridge.config.BridgeConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spring.boot.CamelContextConfiguration;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.ConfigurableEnvironment;

/** A Spring Boot application with Camel that embeds the bridge: its configuration class, its routes by property. */
@SpringBootApplication
public class BootApplication {

    public static void main(String[] args) {
        SpringApplication.run(BootApplication.class, args);
    }

    /** Camel's Spring Boot has no configuration-classes key: the bridge configures the context before it starts. */
    @Bean
    CamelContextConfiguration omsBridge(ConfigurableEnvironment environment) {
        return new CamelContextConfiguration() {
            @Override
            public void beforeApplicationStart(CamelContext context) {
                try {
                    // the application's settings before the bridge's defaults, keys by prefix included
                    context.getPropertiesComponent().addPropertiesSource(new SpringEnvironmentSource(environment));
                    new BridgeConfiguration().configure(context);
                } catch (Exception e) {
                    throw RuntimeCamelException.wrapRuntimeException(e);
                }
            }

            @Override
            public void afterApplicationStart(CamelContext context) {
                // nothing to do once started
            }
        };
    }
}
