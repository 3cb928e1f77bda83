package io.omsbridge.config;

import io.omsbridge.hwcloud.oms.OmsApiVersion;
import io.omsbridge.hwcloud.oms.OmsComponent;
import io.omsbridge.tasks.OmsTasks;
import java.time.Clock;
import org.apache.camel.BeanInject;
import org.apache.camel.BindToRegistry;
import org.apache.camel.CamelConfiguration;
import org.apache.camel.CamelContext;

/**
 * OMS as the routes and beans reach it: the {@code hwcloud-oms} component with the bridge's endpoint, project and keys
 * (the routes say only the operation), the task calls the beans make through it, and the built-in simulator.
 */
public class OmsClientConfiguration implements CamelConfiguration {

    @BindToRegistry
    public OmsTasks omsTasks(CamelContext context, @BeanInject(AllSettings.BEAN) AllSettings all) {
        return new OmsTasks(
                context.createProducerTemplate(),
                OmsApiVersion.valueOf(all.bridge().oms().apiVersion()));
    }

    @Override
    public void configure(CamelContext context) throws Exception {
        AllSettings all = context.getRegistry().lookupByNameAndType(AllSettings.BEAN, AllSettings.class);
        OmsComponent oms = context.getComponent("hwcloud-oms", OmsComponent.class);
        OmsWiring.apply(oms, all.bridge().oms());
        oms.setClock(context.getRegistry().lookupByNameAndType(BridgeConfiguration.CLOCK_BEAN, Clock.class));
        if (all.bridge().simulatorEnabled()) {
            context.addService(
                    new SimulatorService(all.simulator(), oms, all.bridge().oms()), true, true);
        }
    }
}
