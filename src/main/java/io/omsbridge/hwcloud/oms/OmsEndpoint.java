package io.omsbridge.hwcloud.oms;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.DefaultEndpoint;

/** Create, watch, start, stop and delete Huawei Cloud OMS migration tasks and task groups (API v1 and v2). */
// the options live in OmsConfiguration, copied from the component's when the endpoint is made; the generated
// OmsEndpointConfigurer sets them there, so the endpoint forwards nothing by hand
@UriEndpoint(
        firstVersion = "0.1.0",
        scheme = "hwcloud-oms",
        title = "Huawei Cloud Object Storage Migration Service",
        syntax = "hwcloud-oms:operation",
        category = {Category.CLOUD},
        producerOnly = true,
        headersClass = OmsConstants.class)
public class OmsEndpoint extends DefaultEndpoint {

    @UriParam
    private final OmsConfiguration configuration;

    OmsEndpoint(String uri, OmsComponent component, OmsConfiguration configuration) {
        super(uri, component);
        this.configuration = configuration;
    }

    @Override
    public OmsComponent getComponent() {
        return (OmsComponent) super.getComponent();
    }

    public OmsConfiguration getConfiguration() {
        return configuration;
    }

    @Override
    public Producer createProducer() {
        return new OmsProducer(this);
    }

    @Override
    public Consumer createConsumer(Processor processor) {
        throw new RuntimeCamelException("hwcloud-oms sends to OMS only: it has no consumer (" + getEndpointUri() + ")");
    }
}
