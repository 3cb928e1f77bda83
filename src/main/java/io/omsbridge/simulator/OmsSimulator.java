package io.omsbridge.simulator;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** In-process simulator of Huawei Cloud IAM password tokens and the OMS v1 and v2 task APIs, on one HTTP port. */
public final class OmsSimulator implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OmsSimulator.class);

    private final HttpServer server;
    private final ExecutorService executor;
    private final String baseUrl;
    private final Faults faults;
    private final TaskStore tasks;
    private final TokenRegistry tokens;
    private final StatsRecorder stats;
    private final SimulatorSettings settings;

    private OmsSimulator(SimulatorSettings settings) throws IOException {
        this.settings = settings;
        // without TCP_NODELAY keep-alive answers crawl at ~22/s (Nagle + delayed ACK); read once per JVM
        System.setProperty("sun.net.httpserver.nodelay", "true");
        this.faults = Faults.from(settings);
        this.tasks = new TaskStore(settings);
        this.tokens = new TokenRegistry();
        this.stats = new StatsRecorder();
        InetAddress address = InetAddress.getByName(settings.host());
        this.server = HttpServer.create(new InetSocketAddress(address, settings.port()), 1024);
        this.baseUrl = "http://" + urlHost(address) + ":" + server.getAddress().getPort();
        this.executor = Executors.newFixedThreadPool(settings.threads(), daemonThreads());
        FaultGate gate = new FaultGate(faults);
        TemporaryKeys temporaryKeys = new TemporaryKeys(settings.securityTokens());
        GatewayAuth auth = new GatewayAuth(tokens, settings.accessKeys(), temporaryKeys, settings.clock(), stats);
        server.createContext(
                "/",
                new OmsHandler(
                        tasks,
                        auth,
                        gate,
                        stats,
                        baseUrl,
                        temporaryKeys,
                        new V2BucketApi(settings.buckets(), temporaryKeys)));
        server.createContext(IamHandler.PATH, new IamHandler(settings, tokens, gate, stats, baseUrl));
        server.createContext(
                ControlHandler.PATH, new ControlHandler(stats::snapshot, faults, tokens::revokeAll, tasks.buckets()));
        server.setExecutor(executor);
    }

    /** Starts the server and returns once it is listening. */
    public static OmsSimulator start(SimulatorSettings settings) {
        OmsSimulator simulator = bind(settings);
        simulator.serve();
        return simulator;
    }

    /**
     * A simulator bound to its port but not answering yet: its address is known (a port 0 becomes a real one) before
     * {@link #serve()}, so a bridge can be pointed at it before its routes are made.
     */
    public static OmsSimulator bind(SimulatorSettings settings) {
        try {
            return new OmsSimulator(settings);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "cannot start the OMS simulator on " + settings.host() + ":" + settings.port(), e);
        }
    }

    /** Starts answering on the bound port. */
    public void serve() {
        server.start();
        LOG.info(
                "OMS/IAM simulator listening on {} (wait {} ms, run {} ms, {} threads)",
                baseUrl,
                settings.waitTime().toMillis(),
                settings.runTime().toMillis(),
                settings.threads());
    }

    public static OmsSimulator start() {
        return start(SimulatorSettings.defaults());
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:<port>}, no trailing slash; IAM and OMS share it. */
    public String baseUrl() {
        return baseUrl;
    }

    public SimulatorStats stats() {
        return stats.snapshot();
    }

    public Faults faults() {
        return faults;
    }

    public TaskStore tasks() {
        return tasks;
    }

    /** Every issued token becomes unknown; the next OMS call with one gets 401 APIG.0301. */
    public void revokeTokens() {
        tokens.revokeAll();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
        LOG.info("OMS/IAM simulator on {} stopped", baseUrl);
    }

    private static String urlHost(InetAddress address) {
        if (address.isAnyLocalAddress()) {
            return "127.0.0.1";
        }
        String host = address.getHostAddress();
        return host.contains(":") ? "[" + host + "]" : host;
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "oms-simulator-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
