package io.omsbridge.hwcloud.oms.auth;

/** What a token is valid for: one IAM user, scoped to one project (OMS checks the URL's project against it). */
public record TokenKey(String iamEndpoint, String domain, String user, String projectId) {}
