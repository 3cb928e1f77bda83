package io.omsbridge.settings;

import java.net.URI;

/**
 * One destination region the bridge makes tasks in ({@code oms.regions.<name>.*}): its OMS endpoint, its project (the
 * URLs' and the token's scope) and the IAM endpoint the token comes from.
 */
public record RegionSettings(String name, String projectId, URI endpoint, URI iamEndpoint) {}
