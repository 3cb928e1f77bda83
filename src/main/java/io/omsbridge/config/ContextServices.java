package io.omsbridge.config;

import org.apache.camel.support.service.ServiceSupport;

/** Checks and clean-ups the Camel context runs as it starts and stops, in the order they were added and the reverse. */
final class ContextServices {

    private ContextServices() {}

    /** Runs a check when the Camel context starts, in the order services were added. */
    static ServiceSupport starting(String what, Runnable check) {
        return new ServiceSupport() {
            @Override
            protected void doStart() {
                check.run();
            }

            @Override
            public String toString() {
                return what;
            }
        };
    }

    /** Closes a resource when the Camel context stops, after the routes that use it. */
    static ServiceSupport closing(String what, AutoCloseable resource) {
        return new ServiceSupport() {
            @Override
            protected void doStop() throws Exception {
                resource.close();
            }

            @Override
            public String toString() {
                return what;
            }
        };
    }
}
