package io.omsbridge.config;

import io.omsbridge.hwcloud.oms.OmsApiVersion;
import io.omsbridge.hwcloud.oms.OmsAuthentication;
import io.omsbridge.hwcloud.oms.OmsComponent;
import io.omsbridge.hwcloud.oms.OmsConfiguration;
import io.omsbridge.hwcloud.oms.OmsRegion;
import io.omsbridge.settings.OmsSettings;

/** The bridge's OMS settings as the {@code hwcloud-oms} component's defaults: the routes say only the operation. */
final class OmsWiring {

    private OmsWiring() {}

    static void apply(OmsComponent oms, OmsSettings s) {
        OmsConfiguration c = oms.getConfiguration();
        c.setEndpoint(s.endpoint() == null ? null : s.endpoint().toString());
        c.setProjectId(s.projectId());
        c.setApiVersion(OmsApiVersion.valueOf(s.apiVersion()));
        c.setAuthentication(OmsAuthentication.valueOf(s.auth()));
        c.setAccessKey(s.ak());
        c.setSecretKey(s.sk());
        c.setSecurityToken(s.securityToken());
        c.setIamEndpoint(s.iamEndpoint() == null ? null : s.iamEndpoint().toString());
        c.setIamUsername(s.iamUsername());
        c.setIamPassword(s.iamPassword());
        c.setIamDomain(s.iamDomain());
        c.setDeadline(s.deadlineMillis());
        oms.setTokenRefreshMargin(s.tokenRefreshMarginMillis());
        oms.setTokenFailureBackoff(s.tokenFailureBackoffMillis());
        s.regions()
                .values()
                .forEach(r -> oms.addRegion(new OmsRegion(
                        r.name(),
                        r.endpoint().toString(),
                        r.projectId(),
                        r.iamEndpoint().toString())));
    }
}
