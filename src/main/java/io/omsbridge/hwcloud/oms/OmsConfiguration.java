package io.omsbridge.hwcloud.oms;

import org.apache.camel.RuntimeCamelException;
import org.apache.camel.spi.Metadata;
import org.apache.camel.spi.UriParam;
import org.apache.camel.spi.UriParams;
import org.apache.camel.spi.UriPath;

/** The options of a {@code hwcloud-oms:} endpoint; set on the component they are the defaults of every endpoint. */
@UriParams
public class OmsConfiguration implements Cloneable {

    @UriPath(description = "The OMS operation")
    @Metadata(required = true)
    private OmsOperations operation;

    @UriParam(description = "OMS base URL, e.g. https://oms.cn-north-4.myhuaweicloud.com (default: from region)")
    private String endpoint;

    @UriParam(
            description = "The region, e.g. cn-north-4: the endpoint is https://oms.REGION.myhuaweicloud.com"
                    + " unless endpoint is set")
    private String region;

    @UriParam(description = "The project in the OMS URLs (and the IAM token's scope); a header may override it")
    private String projectId;

    @UriParam(defaultValue = "v1", description = "The OMS API generation: v1 (the quickstart's) or v2")
    private OmsApiVersion apiVersion = OmsApiVersion.v1;

    @UriParam(
            label = "security",
            defaultValue = "token",
            description = "token: an IAM token by password, cached;"
                    + " aksk: each request signed with accessKey/secretKey (SDK-HMAC-SHA256), no IAM call")
    private OmsAuthentication authentication = OmsAuthentication.token;

    @UriParam(label = "security", secret = true, description = "Access key (AK) for authentication=aksk")
    private String accessKey;

    @UriParam(label = "security", secret = true, description = "Secret key (SK) for authentication=aksk")
    private String secretKey;

    @UriParam(
            label = "security",
            secret = true,
            description = "The security token of a temporary access key for"
                    + " authentication=aksk, sent as X-Security-Token as Huawei's SDKs send it")
    private String securityToken;

    @UriParam(
            label = "security",
            description = "IAM base URL for authentication=token, e.g." + " https://iam.cn-north-4.myhuaweicloud.com")
    private String iamEndpoint;

    @UriParam(label = "security", secret = true, description = "IAM user name for authentication=token")
    private String iamUsername;

    @UriParam(label = "security", secret = true, description = "IAM user's password for authentication=token")
    private String iamPassword;

    @UriParam(label = "security", description = "The IAM user's account (domain) name for authentication=token")
    private String iamDomain;

    @UriParam(
            defaultValue = "30000",
            description = "A hard deadline on each call, in ms: connect, send and the whole"
                    + " answer (IAM's token call too); a call past it is cut off and fails as OmsException with code"
                    + " HTTP.DEADLINE (0 = none)")
    private long deadline = 30_000;

    public OmsConfiguration copy() {
        try {
            return (OmsConfiguration) clone();
        } catch (CloneNotSupportedException e) {
            throw new RuntimeCamelException(e);
        }
    }

    /** The base URL calls go to: {@code endpoint}, else the region's. */
    public String baseUrl() {
        if (endpoint != null && !endpoint.isBlank()) {
            return endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        }
        if (region != null && !region.isBlank()) {
            return "https://oms." + region + ".myhuaweicloud.com";
        }
        throw new IllegalArgumentException("hwcloud-oms: set endpoint or region");
    }

    public OmsOperations getOperation() {
        return operation;
    }

    public void setOperation(OmsOperations operation) {
        this.operation = operation;
    }

    public String getEndpoint() {
        return endpoint;
    }

    public void setEndpoint(String endpoint) {
        this.endpoint = endpoint;
    }

    public String getRegion() {
        return region;
    }

    public void setRegion(String region) {
        this.region = region;
    }

    public String getProjectId() {
        return projectId;
    }

    public void setProjectId(String projectId) {
        this.projectId = projectId;
    }

    public OmsApiVersion getApiVersion() {
        return apiVersion;
    }

    public void setApiVersion(OmsApiVersion apiVersion) {
        this.apiVersion = apiVersion;
    }

    public OmsAuthentication getAuthentication() {
        return authentication;
    }

    public void setAuthentication(OmsAuthentication authentication) {
        this.authentication = authentication;
    }

    public String getAccessKey() {
        return accessKey;
    }

    public void setAccessKey(String accessKey) {
        this.accessKey = accessKey;
    }

    public String getSecretKey() {
        return secretKey;
    }

    public void setSecretKey(String secretKey) {
        this.secretKey = secretKey;
    }

    public String getSecurityToken() {
        return securityToken;
    }

    public void setSecurityToken(String securityToken) {
        this.securityToken = securityToken;
    }

    public String getIamEndpoint() {
        return iamEndpoint;
    }

    public void setIamEndpoint(String iamEndpoint) {
        this.iamEndpoint = iamEndpoint;
    }

    public String getIamUsername() {
        return iamUsername;
    }

    public void setIamUsername(String iamUsername) {
        this.iamUsername = iamUsername;
    }

    public String getIamPassword() {
        return iamPassword;
    }

    public void setIamPassword(String iamPassword) {
        this.iamPassword = iamPassword;
    }

    public String getIamDomain() {
        return iamDomain;
    }

    public void setIamDomain(String iamDomain) {
        this.iamDomain = iamDomain;
    }

    public long getDeadline() {
        return deadline;
    }

    public void setDeadline(long deadline) {
        this.deadline = deadline;
    }

    @Override
    public String toString() {
        return "OmsConfiguration[operation=" + operation + ", endpoint=" + endpoint + ", region=" + region
                + ", project=" + projectId + ", api=" + apiVersion + ", auth=" + authentication + "]";
    }
}
