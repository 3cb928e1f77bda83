package io.omsbridge.hwcloud.oms;

import java.util.Objects;

/**
 * Where the calls of one region go: OMS runs per region, so a task is made at its destination region's endpoint, under
 * that region's project, with a token scoped to that project (from the region's IAM endpoint).
 */
public record OmsRegion(String name, String endpoint, String projectId, String iamEndpoint) {

    public OmsRegion {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(projectId, "projectId");
        endpoint = endpoint == null || endpoint.isBlank()
                ? "https://oms." + name + ".myhuaweicloud.com"
                : endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        iamEndpoint = iamEndpoint == null || iamEndpoint.isBlank()
                ? "https://iam." + name + ".myhuaweicloud.com"
                : iamEndpoint;
    }
}
