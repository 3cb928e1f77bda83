package io.omsbridge.config;

import io.omsbridge.hwcloud.oms.OmsComponent;
import io.omsbridge.settings.InUseException;
import io.omsbridge.settings.OmsSettings;
import io.omsbridge.simulator.OmsSimulator;
import io.omsbridge.simulator.SimulatorSettings;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.URI;
import org.apache.camel.support.service.ServiceSupport;

/**
 * The built-in OMS/IAM simulator (the demo profile), started and stopped with the Camel context: once it listens, the
 * {@code hwcloud-oms} component is pointed at it (where no endpoint was configured), before any route starts.
 */
final class SimulatorService extends ServiceSupport {

    private final SimulatorSettings settings;
    private final OmsComponent oms;
    private final OmsSettings configured;
    private OmsSimulator simulator;
    private volatile OmsSettings wired;

    SimulatorService(SimulatorSettings settings, OmsComponent oms, OmsSettings configured) {
        this.settings = settings;
        this.oms = oms;
        this.configured = configured;
        this.wired = configured;
    }

    /**
     * Binds the port and points the component at it: with simulator.port=0 the address is known only now, and the
     * component's settings must be in place before the routes make their hwcloud-oms endpoints (each copies them).
     */
    @Override
    protected void doInit() {
        try {
            simulator = OmsSimulator.bind(settings);
        } catch (UncheckedIOException e) {
            // taken since the start checked it
            if (e.getCause() instanceof BindException bind && PortCheck.inUse(bind)) {
                throw InUseException.port("simulator.port", settings.host(), settings.port());
            }
            throw e;
        }
        wired = configured.withSimulator(
                URI.create(simulator.baseUrl()), Defaults.SIM_DOMAIN, Defaults.SIM_USER, Defaults.SIM_PASSWORD);
        OmsWiring.apply(oms, wired);
    }

    @Override
    protected void doStart() {
        simulator.serve();
    }

    @Override
    protected void doStop() {
        if (simulator != null) {
            simulator.close();
            simulator = null;
        }
    }

    /** The OMS settings in force once the simulator listens. */
    OmsSettings wired() {
        return wired;
    }

    OmsSimulator simulator() {
        return simulator;
    }
}
