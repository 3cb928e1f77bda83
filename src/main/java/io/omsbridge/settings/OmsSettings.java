package io.omsbridge.settings;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.apache.camel.spi.PropertiesComponent;

/**
 * Where tasks are made and how the bridge authenticates there, read once at start: the OMS endpoint and project, the
 * API generation ({@code oms.api-version}: v1, the quickstart's and the default, or v2), the authentication
 * ({@code oms.auth}: an IAM token by password, the default, or AK/SK signing with {@code oms.ak} / {@code oms.sk}),
 * and the deadline of each call. {@code oms.security-token} makes {@code oms.ak} / {@code oms.sk} a temporary key
 * pair. With the built-in simulator the endpoints and the IAM user may stay unset. With
 * {@code oms.regions.<region>.*} every destination region configured has an endpoint and a project of its own, and
 * {@code oms.endpoint} / {@code oms.project-id} are not used.
 */
public record OmsSettings(
        URI endpoint,
        String projectId,
        String apiVersion,
        String auth,
        String ak,
        String sk,
        URI iamEndpoint,
        String iamUsername,
        String iamPassword,
        String iamDomain,
        long tokenRefreshMarginMillis,
        long tokenFailureBackoffMillis,
        long deadlineMillis,
        String securityToken,
        Map<String, RegionSettings> regions) {

    public static OmsSettings read(PropertiesComponent properties, boolean simulator) {
        SettingsReader in = new SettingsReader(properties);
        OmsSettings settings = read(in, simulator);
        if (!in.problems().isEmpty()) {
            throw new ConfigurationException(in.problems());
        }
        return settings;
    }

    /** Reads into {@code in}, whose problems the caller reports with its own. */
    static OmsSettings read(SettingsReader in, boolean simulator) {
        boolean insecureHttp = in.bool("bridge.allow-insecure-http", false);
        String version = choice(in, "oms.api-version", "v1", "v2", "v1 (the quickstart's API) or v2");
        String auth = choice(
                in,
                "oms.auth",
                "token",
                "aksk",
                "token (an IAM token by password) or aksk (requests" + " signed with oms.ak / oms.sk)");
        boolean aksk = auth.equals("aksk");
        Map<String, RegionSettings> regions = regions(in, insecureHttp);
        boolean regional = !regions.isEmpty();
        if (regional) {
            String alsoSet = String.join(", ", in.present("oms.endpoint", "oms.project-id", "iam.endpoint"));
            if (!alsoSet.isEmpty()) {
                in.problem(alsoSet + ": not used when regions are configured (oms.regions.<region>.endpoint,"
                        + " .project-id and .iam-endpoint say it per region): remove " + alsoSet);
            }
        }
        // with the simulator the endpoints default to it; with AK/SK no IAM user is needed at all
        boolean needOms = !simulator && !regional;
        boolean needIam = !simulator && !aksk;
        return new OmsSettings(
                regional
                        ? null
                        : in.endpoint(
                                "oms.endpoint",
                                "the OMS base URL, e.g." + " https://oms.cn-north-1.myhuaweicloud.com",
                                needOms,
                                insecureHttp),
                regional
                        ? null
                        : in.required(
                                "oms.project-id",
                                "the project id used in OMS URLs and the token scope"
                                        + " (or configure regions: oms.regions.<region>.project-id)"),
                version,
                auth,
                aksk
                        ? in.required("oms.ak", "the access key (AK) that signs OMS calls with oms.auth=aksk")
                        : in.string("oms.ak", null),
                aksk
                        ? in.required("oms.sk", "the secret key (SK) of oms.ak (use the OMS_SK variable)")
                        : in.string("oms.sk", null),
                aksk || regional
                        ? null
                        : in.endpoint(
                                "iam.endpoint",
                                "the IAM base URL, e.g." + " https://iam.cn-north-1.myhuaweicloud.com",
                                needIam,
                                insecureHttp),
                needIam
                        ? in.required("iam.username", "the IAM user for the password token")
                        : in.string("iam.username", null),
                needIam
                        ? in.required("iam.password", "the IAM user's password, best from the environment")
                        : in.string("iam.password", null),
                needIam
                        ? in.required("iam.domain", "the account (domain) name of the IAM user")
                        : in.string("iam.domain", null),
                in.millis("iam.token-refresh-margin", 300_000),
                in.millis("iam.failure-backoff", 30_000),
                in.millis("oms.call-deadline", 30_000),
                securityToken(in, aksk),
                regions);
    }

    /** A region's name as Huawei writes them (cn-north-4, ap-southeast-1): it goes into the default host names. */
    private static final Pattern REGION = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

    private static final Set<String> REGION_KEYS = Set.of("project-id", "endpoint", "iam-endpoint");

    /** {@code oms.regions.<region>.project-id} (required), {@code .endpoint} and {@code .iam-endpoint}. */
    private static Map<String, RegionSettings> regions(SettingsReader in, boolean insecureHttp) {
        Set<String> names = new TreeSet<>();
        for (String key : in.keysStartingWith("oms.regions.")) {
            String[] parts = key.split("\\.");
            if (parts.length != 4 || !REGION_KEYS.contains(parts[3])) {
                in.problem(key + ": region keys look like oms.regions.<region>.project-id, .endpoint or"
                        + " .iam-endpoint");
            } else if (!REGION.matcher(parts[2]).matches()) {
                in.problem(key + ": '" + parts[2] + "' is not a region name (lower case letters and digits joined by"
                        + " '-', e.g. cn-north-4)");
            } else {
                names.add(parts[2]);
            }
        }
        Map<String, RegionSettings> regions = new TreeMap<>();
        for (String name : names) {
            String prefix = "oms.regions." + name + ".";
            String project = in.required(
                    prefix + "project-id", "the project of region " + name + " (OMS URLs and the token's scope)");
            URI endpoint = in.endpoint(prefix + "endpoint", "the OMS endpoint of region " + name, false, insecureHttp);
            URI iam = in.endpoint(prefix + "iam-endpoint", "the IAM endpoint of region " + name, false, insecureHttp);
            regions.put(
                    name,
                    new RegionSettings(
                            name,
                            project,
                            endpoint != null ? endpoint : URI.create("https://oms." + name + ".myhuaweicloud.com"),
                            iam != null ? iam : URI.create("https://iam." + name + ".myhuaweicloud.com")));
        }
        return Map.copyOf(regions);
    }

    /** Whether tasks go to the configured regions, each by its destination region, rather than to one OMS. */
    public boolean regional() {
        return !regions.isEmpty();
    }

    /** A temporary key pair's token: only with oms.auth=aksk, never echoed in a problem. */
    private static String securityToken(SettingsReader in, boolean aksk) {
        String token = in.string("oms.security-token", null);
        if (token == null || token.isBlank()) {
            return null;
        }
        if (!aksk) {
            in.problem("oms.security-token: goes with a temporary oms.ak / oms.sk, so only with oms.auth=aksk");
        } else if (!token.matches("[!-~]{1,16384}")) {
            in.problem("oms.security-token: must be 1 to 16384 printable characters without spaces");
        }
        return token;
    }

    /** One of two values ({@code fallback} when unset); anything else is a problem naming the rule. */
    private static String choice(SettingsReader in, String key, String fallback, String other, String rule) {
        String value = in.string(key, fallback).toLowerCase(Locale.ROOT);
        if (!value.equals(fallback) && !value.equals(other)) {
            in.problem(key + ": must be " + rule + ", got '" + value + "'");
            return fallback;
        }
        return value;
    }

    public boolean aksk() {
        return auth.equals("aksk");
    }

    public boolean v2() {
        return apiVersion.equals("v2");
    }

    /** The same, with the simulator's address where no endpoint was set, and its IAM user where none was. */
    public OmsSettings withSimulator(URI simulator, String domain, String user, String password) {
        boolean one = !regional();
        return new OmsSettings(
                endpoint != null || !one ? endpoint : simulator,
                projectId,
                apiVersion,
                auth,
                ak,
                sk,
                aksk() || !one ? null : iamEndpoint != null ? iamEndpoint : simulator,
                iamUsername != null ? iamUsername : user,
                iamPassword != null ? iamPassword : password,
                iamDomain != null ? iamDomain : domain,
                tokenRefreshMarginMillis,
                tokenFailureBackoffMillis,
                deadlineMillis,
                securityToken,
                regions);
    }

    @Override
    public String toString() {
        return "OmsSettings[endpoint=" + endpoint + ", project=" + projectId + ", api=" + apiVersion + ", auth=" + auth
                + ", ak=" + (ak == null ? null : "***") + (securityToken == null ? "" : ", security-token=***")
                + ", iam=" + iamEndpoint + ", user=" + iamUsername + ", domain=" + iamDomain
                + (regional() ? ", regions=" + regions.values() : "") + "]";
    }
}
