package io.omsbridge.config;

import io.omsbridge.hwcloud.oms.OmsComponent;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.time.Clock;
import java.util.List;
import java.util.Properties;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.CamelBeanPostProcessor;
import org.apache.camel.spi.CamelEvent;
import org.apache.camel.spi.PropertiesComponent;
import org.apache.camel.spi.Registry;
import org.apache.camel.support.PluginHelper;
import org.apache.camel.support.SimpleEventNotifierSupport;

/**
 * The one class an embedder names: reads every setting at once (refusing to start with the list of every problem),
 * takes the data directory and checks the ports, then lets each capability's configuration class make and bind its
 * beans ({@code @BindToRegistry}) and add what it starts; the Camel context starts those services in the order added
 * here and stops them in the reverse. Camel Main: {@code camel.main.configuration-classes} names this class; a plain
 * {@code CamelContext}: {@code new BridgeConfiguration().configure(context)}.
 */
public class BridgeConfiguration implements CamelConfiguration {

    /** The registry name of a {@link Clock} the bridge uses instead of the system's (tests bind one). */
    public static final String CLOCK_BEAN = "omsBridgeClock";

    /** The registry name of the {@link PortCheck} of the ports this bridge listens on (to explain a failed bind). */
    public static final String PORTS_BEAN = "omsBridgePorts";

    /**
     * The bridge's own settings file in the library, every key with its default and a line of why; in the library's
     * folder, since Spring Boot would read a {@code config/application.properties} over its application's own.
     */
    public static final String DEFAULTS = "/io/omsbridge/config/application.properties";

    /**
     * What an embedded bridge takes over {@link #DEFAULTS}: the standalone jar names every one of these keys in its own
     * settings, so only a host that leaves them out gets these smaller thread pools.
     */
    public static final String EMBEDDED_DEFAULTS = "/io/omsbridge/embedded.properties";

    /** Camel Main's HTTP servers (camel-platform-http-main, an optional part of the library). */
    private static final String HTTP_SERVER = "org.apache.camel.component.platform.http.main.MainHttpServer";

    /** Each capability after those it uses: its services start in this order and stop in the reverse. */
    static List<CamelConfiguration> capabilities() {
        return List.of(
                new OmsClientConfiguration(),
                new LedgerConfiguration(),
                new BrokerConfiguration(),
                new ClusterConfiguration(),
                new SubmitConfiguration(),
                new OperateConfiguration(),
                new PollConfiguration(),
                new PublishConfiguration(),
                new ObserveConfiguration(),
                new PassConfiguration(),
                new ApiConfiguration(),
                new IntakeConfiguration());
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        // the bridge's defaults, under whatever the host or the operator set (a host names only what it must)
        withDefaults(context.getPropertiesComponent());
        AllSettings all = AllSettings.read(context.getPropertiesComponent());
        // before anything starts: a second bridge on this data directory, or a port taken, stops here in one line
        DataDirLock lock = DataDirLock.acquire(all.bridge().dataDir());
        try {
            boolean httpServers = context.getClassResolver().resolveClass(HTTP_SERVER) != null;
            PortCheck ports = PortCheck.of(all.bridge(), all.http(), httpServers);
            ports.requireFree();
            Registry registry = context.getRegistry();
            registry.bind(PORTS_BEAN, ports);
            // the first service, so the last stopped: the lock is held until everything else has let go
            context.addService(ContextServices.closing(lock.toString(), lock), true, true);
            if (httpServers) {
                context.addService(
                        ContextServices.starting("HTTP servers bound", () -> ports.requireServersBound(context)),
                        true,
                        true);
            }
            registry.bind(AllSettings.BEAN, all);
            registry.bind("bridgeSettings", all.bridge());
            // this node's clock (a test binds one of its own): event times, the creates cap, when to renew a lease;
            // the leases themselves are judged on the ledger's clock
            if (registry.lookupByNameAndType(CLOCK_BEAN, Clock.class) == null) {
                registry.bind(CLOCK_BEAN, Clock.systemUTC());
            }
            for (CamelConfiguration capability : capabilities()) {
                wire(context, capability);
            }
            announceWhenStarted(context, all);
        } catch (Exception | Error e) {
            lock.close();
            throw e;
        }
    }

    /**
     * The library's settings file, with the embedded sizing over it, as initial values of the keys no location gives
     * (looked up after every location).
     */
    private static void withDefaults(PropertiesComponent properties) throws IOException {
        Properties given = properties.loadProperties();
        Properties defaults = new Properties();
        for (String file : List.of(DEFAULTS, EMBEDDED_DEFAULTS)) {
            try (InputStream in = BridgeConfiguration.class.getResourceAsStream(file)) {
                defaults.load(in);
            }
        }
        for (String key : defaults.stringPropertyNames()) {
            if (!given.containsKey(key) && componentPresent(key)) {
                properties.addInitialProperty(key, defaults.getProperty(key));
            }
        }
    }

    /**
     * Whether a {@code camel.component.<name>.*} default names a component on the class path: a host without an
     * optional one (camel-kafka) must not be told to configure it, or Camel Main refuses to start.
     */
    private static boolean componentPresent(String key) {
        if (!key.startsWith("camel.component.")) {
            return true;
        }
        String rest = key.substring("camel.component.".length());
        String name = rest.contains(".") ? rest.substring(0, rest.indexOf('.')) : rest;
        return BridgeConfiguration.class
                        .getClassLoader()
                        .getResource("META-INF/services/org/apache/camel/component/" + name)
                != null;
    }

    /** Binds the capability's {@code @BindToRegistry} beans, then lets it add what it starts. */
    private static void wire(CamelContext context, CamelConfiguration capability) throws Exception {
        CamelBeanPostProcessor beans = PluginHelper.getBeanPostProcessor(context);
        String name = capability.getClass().getSimpleName();
        try {
            beans.postProcessBeforeInitialization(capability, name);
            beans.postProcessAfterInitialization(capability, name);
        } catch (RuntimeCamelException wrapped) {
            // what a bean's factory threw (a setting refused, a key that does not open), not Camel's wrappers of it
            Throwable cause = wrapped;
            while ((cause instanceof RuntimeCamelException || cause instanceof InvocationTargetException)
                    && cause.getCause() != null) {
                cause = cause.getCause();
            }
            throw cause instanceof RuntimeException thrown ? thrown : wrapped;
        }
        capability.configure(context);
    }

    /** The banner says "ready" once the routes run, not while beans are being made. */
    private static void announceWhenStarted(CamelContext context, AllSettings all) {
        OmsComponent oms = context.getComponent("hwcloud-oms", OmsComponent.class);
        context.getManagementStrategy().addEventNotifier(new SimpleEventNotifierSupport() {
            @Override
            public void notify(CamelEvent event) {
                if (event instanceof CamelEvent.CamelContextStartedEvent) {
                    Banner.print(
                            all.bridge(), all.http(), oms.getConfiguration().getEndpoint());
                }
            }
        });
    }
}
