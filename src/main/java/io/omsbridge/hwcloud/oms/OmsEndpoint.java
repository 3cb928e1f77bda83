package io.omsbridge.hwcloud.oms;

import org.apache.camel.Category;
import org.apache.camel.Consumer;
import org.apache.camel.Processor;
import org.apache.camel.Producer;
import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.UriEndpoint;
import org.apache.camel.spi.UriParam;
import org.apache.camel.support.DefaultEndpoint;

/** Sends to Huawei Cloud OMS: one operation per endpoint, {@code hwcloud-oms:operation?options}. */
@UriEndpoint(firstVersion = "0.1.0", scheme = "hwcloud-oms", title = "Huawei Cloud Object Storage Migration Service",
        syntax = "hwcloud-oms:operation", category = {Category.CLOUD}, producerOnly = true,
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

    // the endpoint's options, for Camel's property binding: hwcloud-oms:showTask?projectId=...&apiVersion=v2

    public void setEndpoint(String endpoint) {
        configuration.setEndpoint(endpoint);
    }

    public void setRegion(String region) {
        configuration.setRegion(region);
    }

    public void setProjectId(String projectId) {
        configuration.setProjectId(projectId);
    }

    public void setApiVersion(OmsApiVersion apiVersion) {
        configuration.setApiVersion(apiVersion);
    }

    public void setAuthentication(OmsAuthentication authentication) {
        configuration.setAuthentication(authentication);
    }

    public void setAccessKey(String accessKey) {
        configuration.setAccessKey(accessKey);
    }

    public void setSecretKey(String secretKey) {
        configuration.setSecretKey(secretKey);
    }

    public void setIamEndpoint(String iamEndpoint) {
        configuration.setIamEndpoint(iamEndpoint);
    }

    public void setIamUsername(String iamUsername) {
        configuration.setIamUsername(iamUsername);
    }

    public void setIamPassword(String iamPassword) {
        configuration.setIamPassword(iamPassword);
    }

    public void setIamDomain(String iamDomain) {
        configuration.setIamDomain(iamDomain);
    }

    public void setDeadline(long deadline) {
        configuration.setDeadline(deadline);
    }
}
