package io.omsbridge;

import io.omsbridge.config.BridgeConfiguration;
import io.omsbridge.config.PortCheck;
import io.omsbridge.settings.ConfigurationException;
import io.omsbridge.settings.InUseException;
import io.omsbridge.simulator.SimulatorCommand;
import java.net.BindException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.camel.main.Main;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The entry point: wires Camel Main to {@code config/application.properties} (plus
 * {@code config/application-<profile>.properties}) and the YAML routes in {@code routes/}.
 */
@Command(
        name = "oms-bridge",
        mixinStandardHelpOptions = true,
        subcommands = SimulatorCommand.class,
        description =
                "Turns migration requests (inbox files, queue messages, HTTP, in-process) into Huawei Cloud OMS tasks and "
                        + "publishes an event when each task ends.")
public final class OmsBridge implements Callable<Integer> {

    @Option(
            names = "--profile",
            description = "also load config/application-<profile>.properties (demo: "
                    + "everything embedded, tasks go to the built-in simulator)")
    private String profile;

    @Option(
            names = "--config-dir",
            defaultValue = "config",
            description =
                    "where application.properties lies " + "(default: ${DEFAULT-VALUE}, else the copy inside the jar)")
    private Path configDir;

    @Option(
            names = "--routes",
            defaultValue = "routes",
            description = "where the *.camel.yaml routes lie "
                    + "(default: ${DEFAULT-VALUE}, else the copies inside the jar)")
    private Path routesDir;

    /** Logback's system property naming its configuration: a URL, a file or, as here, a class path resource. */
    static final String LOGBACK_CONFIGURATION = "logback.configurationFile";
    /** The bridge's own logging (text or json by LOG_FORMAT), in its package rather than at the class path's root. */
    public static final String LOGBACK_XML = "io/omsbridge/logback.xml";

    public static void main(String[] args) {
        String logFormat = logFormat(System.getProperty("LOG_FORMAT", System.getenv("LOG_FORMAT")));
        if (logFormat == null) {
            // logback would find no logback-<value>.xml and then log nothing at all: a silent bridge
            System.err.println("LOG_FORMAT=" + System.getProperty("LOG_FORMAT", System.getenv("LOG_FORMAT"))
                    + ": must be text or json");
            System.exit(2);
        }
        // before the first logger: logback reads it as it configures itself
        System.setProperty("LOG_FORMAT", logFormat);
        // the runnable's logging, kept out of the class path's root so a host embedding the library keeps its own
        if (System.getProperty(LOGBACK_CONFIGURATION) == null) {
            System.setProperty(LOGBACK_CONFIGURATION, LOGBACK_XML);
        }
        int code;
        try {
            code = new CommandLine(new OmsBridge()).execute(args);
        } catch (Throwable fatal) {
            // an Error out of the start (a class missing from the jar, say) must not leave its servers running
            fatal.printStackTrace();
            code = 1;
        }
        System.exit(code);
    }

    /** text or json whatever the case it was written in, text when unset, null for anything else. */
    public static String logFormat(String given) {
        if (given == null || given.isBlank()) {
            return "text";
        }
        String format = given.strip().toLowerCase(Locale.ROOT);
        return format.equals("text") || format.equals("json") ? format : null;
    }

    @Override
    public Integer call() throws Exception {
        List<String> locations;
        try {
            locations = locations();
        } catch (ConfigurationException e) {
            System.err.println(e.getMessage());
            return 2;
        }
        Main main = new Main();
        main.configure().addConfiguration(BridgeConfiguration.class);
        // the bridge's routes, and those of its HTTP API and dashboard (which need Main's HTTP server)
        String routes = Files.isDirectory(routesDir) ? "file:" + routesDir : "classpath:routes";
        main.configure().withRoutesIncludePattern(routes + "/*.camel.yaml," + routes + "/http/*.yaml");
        main.setPropertyPlaceholderLocations(String.join(",", locations));
        try {
            main.run();
            return main.getExitCode();
        } catch (Exception e) {
            String refusal = refusal(e, main);
            if (refusal == null) {
                throw e;
            }
            System.err.println(refusal);
            return 2;
        }
    }

    /**
     * The line a start that was refused prints instead of a stack trace: the settings at fault, the data directory in
     * use, or the port that was taken (named by its setting, even when a server found it taken after the check).
     */
    private static String refusal(Throwable failure, Main main) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConfigurationException || cause instanceof InUseException) {
                return cause.getMessage();
            }
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException bind) {
                PortCheck ports = main.getCamelContext() == null
                        ? null
                        : main.getCamelContext()
                                .getRegistry()
                                .lookupByNameAndType(BridgeConfiguration.PORTS_BEAN, PortCheck.class);
                return Optional.ofNullable(ports)
                        .flatMap(PortCheck::explain)
                        .map(Throwable::getMessage)
                        .orElse("a port this bridge listens on (camel.server.port, camel.management.port, broker.port"
                                + " or simulator.port) could not be bound: " + bind.getMessage());
            }
        }
        return null;
    }

    /** The demo profile: everything embedded, tasks to the built-in simulator, no account. */
    static final String DEMO = "demo";

    List<String> locations() {
        List<String> locations = new ArrayList<>();
        boolean onDisk = Files.isRegularFile(configDir.resolve("application.properties"));
        String base = onDisk ? "file:" + configDir + "/" : "classpath:io/omsbridge/config/";
        // where a key is in several files the first location wins: secrets file, then profile, then the base file;
        // the demo reads no account's settings, so it never sends a task anywhere but to its own simulator
        if (!DEMO.equals(profile)) {
            locations.add("file:" + configDir + "/credentials.properties;optional=true");
        }
        if (profile != null) {
            String name = "application-" + profile + ".properties";
            boolean exists = onDisk
                    ? Files.isRegularFile(configDir.resolve(name))
                    : OmsBridge.class.getResource("/config/" + name) != null;
            if (!exists) {
                throw new ConfigurationException(List.of("--profile " + profile + ": no " + name + " in "
                        + (onDisk ? configDir.toAbsolutePath() : "the jar's config/")));
            }
            locations.add(base + name);
        }
        locations.add(base + "application.properties");
        return locations;
    }
}
