package io.omsbridge.simulator;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** Immutable start-up settings of the simulator; build with {@link #builder()}. */
public final class SimulatorSettings {

    /** The quickstart's example account, so the seed's calls work word for word. */
    public static final SimUser DEFAULT_USER =
            new SimUser("testname", "testname", "Password", "0215ef11e49d4743be23dd97a1561e91", "cn-north-1");

    private final String host;
    private final int port;
    private final List<SimUser> users;
    private final Map<String, String> accessKeys;
    private final Map<String, String> securityTokens;
    private final List<SimBucket> buckets;
    private final Duration tokenTtl;
    private final Duration waitTime;
    private final Duration runTime;
    private final Duration pausingTime;
    private final String failWhenSourceBucketContains;
    private final int maxCreatesPer24h;
    private final int maxWaitingTasks;
    private final int maxRunningTasks;
    private final double errorRate;
    private final double throttleRate;
    private final Duration latency;
    private final double dropAfterCreateRate;
    private final Duration trickleCreates;
    private final int threads;
    private final String region;
    private final Clock clock;

    private SimulatorSettings(Builder b) {
        this.host = b.host;
        this.port = b.port;
        this.users = b.users.isEmpty() ? List.of(DEFAULT_USER) : List.copyOf(b.users);
        this.accessKeys = Collections.unmodifiableMap(new LinkedHashMap<>(b.accessKeys));
        this.securityTokens = Map.copyOf(b.securityTokens);
        this.buckets = List.copyOf(b.buckets);
        this.tokenTtl = b.tokenTtl;
        this.waitTime = b.waitTime;
        this.runTime = b.runTime;
        this.pausingTime = b.pausingTime;
        this.failWhenSourceBucketContains = b.failWhenSourceBucketContains;
        this.maxCreatesPer24h = b.maxCreatesPer24h;
        this.maxWaitingTasks = b.maxWaitingTasks;
        this.maxRunningTasks = b.maxRunningTasks;
        this.errorRate = b.errorRate;
        this.throttleRate = b.throttleRate;
        this.latency = b.latency;
        this.dropAfterCreateRate = b.dropAfterCreateRate;
        this.trickleCreates = b.trickleCreates;
        this.threads = b.threads;
        this.region = b.region;
        this.clock = b.clock;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** All defaults: 127.0.0.1, a free port, the quickstart user. */
    public static SimulatorSettings defaults() {
        return builder().build();
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public List<SimUser> users() {
        return users;
    }
    /** The access key ids accepted for AK/SK-signed calls, in the order given. */
    public List<String> accessKeyIds() {
        return List.copyOf(accessKeys.keySet());
    }
    /** AK to SK; package-private so the secrets stay inside the simulator. */
    Map<String, String> accessKeys() {
        return accessKeys;
    }
    /** AK to the security token a temporary access key needs beside it, in calls and in task bodies alike. */
    Map<String, String> securityTokens() {
        return securityTokens;
    }
    /** The buckets the check calls (ShowBucketRegion, ListBuckets, CheckPrefix) know; no others exist. */
    public List<SimBucket> buckets() {
        return buckets;
    }

    public Duration tokenTtl() {
        return tokenTtl;
    }

    public Duration waitTime() {
        return waitTime;
    }

    public Duration runTime() {
        return runTime;
    }
    /** How long a stopped task shows 7 (pausing) before 3 (stopped); zero goes straight to 3. */
    public Duration pausingTime() {
        return pausingTime;
    }

    public String failWhenSourceBucketContains() {
        return failWhenSourceBucketContains;
    }
    /** 0 or negative means unlimited. */
    public int maxCreatesPer24h() {
        return maxCreatesPer24h;
    }
    /** 0 or negative means unlimited. */
    public int maxWaitingTasks() {
        return maxWaitingTasks;
    }
    /**
     * Tasks running at once per project (one account in one region), 5 as OMS: the others wait in status 1, HIGH
     * priority first; tasks of a task group neither count nor wait. 0 or negative means unlimited.
     */
    public int maxRunningTasks() {
        return maxRunningTasks;
    }

    public double errorRate() {
        return errorRate;
    }

    public double throttleRate() {
        return throttleRate;
    }

    public Duration latency() {
        return latency;
    }

    public double dropAfterCreateRate() {
        return dropAfterCreateRate;
    }
    /** Successful creates are answered a byte at a time over this long; zero answers at once. */
    public Duration trickleCreates() {
        return trickleCreates;
    }

    public int threads() {
        return threads;
    }
    /** The region this endpoint is (OMS runs per region): creates for another region are refused; null: any. */
    public String region() {
        return region;
    }
    /** The time tasks live by: the system clock, or a test's own, so a lifecycle is stepped instead of waited for. */
    public Clock clock() {
        return clock;
    }

    public SimUser defaultUser() {
        return users.get(0);
    }

    @Override
    public String toString() {
        // access key ids only: a secret key never goes into a log line
        return "SimulatorSettings[host=" + host + ", port=" + port + ", users=" + users + ", accessKeys="
                + accessKeys.keySet() + ", tokenTtl=" + tokenTtl
                + ", waitTime=" + waitTime + ", runTime=" + runTime + ", pausingTime=" + pausingTime + ", failPattern="
                + failWhenSourceBucketContains
                + ", maxCreatesPer24h=" + maxCreatesPer24h + ", maxWaitingTasks=" + maxWaitingTasks
                + ", maxRunningTasks=" + maxRunningTasks
                + ", errorRate=" + errorRate + ", throttleRate=" + throttleRate + ", latency=" + latency
                + ", dropAfterCreateRate=" + dropAfterCreateRate + ", trickleCreates=" + trickleCreates
                + ", threads=" + threads + (region == null ? "" : ", region=" + region) + "]";
    }

    /** Mutable builder; every method is optional. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 0;
        private final List<SimUser> users = new ArrayList<>();
        private final Map<String, String> accessKeys = new LinkedHashMap<>();
        private final Map<String, String> securityTokens = new LinkedHashMap<>();
        private final List<SimBucket> buckets = new ArrayList<>();
        private Duration tokenTtl = Duration.ofHours(24);
        private Duration waitTime = Duration.ofSeconds(2);
        private Duration runTime = Duration.ofSeconds(5);
        private Duration pausingTime = Duration.ZERO;
        private String failWhenSourceBucketContains = "fail";
        private int maxCreatesPer24h = 200;
        private int maxWaitingTasks = 50;
        private int maxRunningTasks = 5;
        private double errorRate;
        private double throttleRate;
        private Duration latency = Duration.ZERO;
        private double dropAfterCreateRate;
        private Duration trickleCreates = Duration.ZERO;
        private int threads = 8;
        private String region;
        private Clock clock = Clock.systemUTC();

        private Builder() {}

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        public Builder host(String host) {
            this.host = Objects.requireNonNull(host, "host");
            return this;
        }

        /** 0 picks a free port. */
        public Builder port(int port) {
            if (port < 0 || port > 65535) {
                throw new InvalidSettingException("port", "must be 0..65535", port);
            }
            this.port = port;
            return this;
        }

        /** Adds an accepted user; the first one added is the default user. */
        public Builder user(String domain, String name, String password, String projectId, String projectName) {
            // IAM treats an empty string as a missing field, so such a user could never get a token
            nonEmpty(domain, "domain");
            nonEmpty(name, "name");
            nonEmpty(password, "password");
            nonEmpty(projectId, "projectId");
            nonEmpty(projectName, "projectName");
            users.add(new SimUser(domain, name, password, projectId, projectName));
            return this;
        }

        /**
         * Accepts calls signed with this access key pair (SDK-HMAC-SHA256) besides IAM tokens; repeatable. The AK goes
         * into the Authorization header, so it has no commas or blanks.
         */
        public Builder accessKey(String ak, String sk) {
            nonEmpty(ak, "accessKeyId");
            if (ak.indexOf(',') >= 0 || ak.indexOf(':') >= 0 || ak.chars().anyMatch(Character::isWhitespace)) {
                throw new InvalidSettingException("accessKeyId", "must not contain commas, colons or blanks", ak);
            }
            Objects.requireNonNull(sk, "secretKey");
            if (sk.isEmpty()) {
                // the value of a secret is never part of a message, not even an empty one
                throw new InvalidSettingException("secretKey", "must not be empty", "(not shown)");
            }
            if (accessKeys.containsKey(ak)) {
                throw new InvalidSettingException("accessKeyId", "is given twice", ak);
            }
            accessKeys.put(ak, sk);
            return this;
        }

        /**
         * A temporary access key: accepted for signed calls only with its token in {@code X-Security-Token}, and as a
         * task's bucket key only with its {@code security_token} (create) or {@code src_/dst_security_token} (start).
         */
        public Builder temporaryAccessKey(String ak, String sk, String securityToken) {
            accessKey(ak, sk);
            if (securityToken == null || securityToken.isEmpty()) {
                throw new InvalidSettingException("securityToken", "must not be empty", "(not shown)");
            }
            securityTokens.put(ak, securityToken);
            return this;
        }

        /** A bucket the check calls know: its region and the object keys in it (a prefix exists when a key has it). */
        public Builder bucket(String name, String region, String... objectKeys) {
            nonEmpty(name, "bucket");
            nonEmpty(region, "region");
            buckets.add(new SimBucket(name, region, List.of(objectKeys)));
            return this;
        }

        public Builder tokenTtl(Duration ttl) {
            this.tokenTtl = positiveOrZero(ttl, "tokenTtl");
            return this;
        }

        public Builder waitTime(Duration wait) {
            this.waitTime = positiveOrZero(wait, "waitTime");
            return this;
        }

        public Builder runTime(Duration run) {
            this.runTime = positiveOrZero(run, "runTime");
            return this;
        }

        /** Time a stopped task spends pausing (status 7); zero, the default, keeps stops as they always were. */
        public Builder pausingTime(Duration pausing) {
            this.pausingTime = positiveOrZero(pausing, "pausingTime");
            return this;
        }

        /** Empty string disables the rule. */
        public Builder failWhenSourceBucketContains(String pattern) {
            this.failWhenSourceBucketContains = pattern == null ? "" : pattern;
            return this;
        }

        public Builder maxCreatesPer24h(int max) {
            this.maxCreatesPer24h = max;
            return this;
        }

        public Builder maxWaitingTasks(int max) {
            this.maxWaitingTasks = max;
            return this;
        }

        /** See {@link SimulatorSettings#maxRunningTasks()}; tests that make many tasks at once may lift it (0). */
        public Builder maxRunningTasks(int max) {
            this.maxRunningTasks = max;
            return this;
        }

        public Builder errorRate(double rate) {
            this.errorRate = Faults.checkRate(rate, "errorRate");
            return this;
        }

        public Builder throttleRate(double rate) {
            this.throttleRate = Faults.checkRate(rate, "throttleRate");
            return this;
        }

        public Builder latency(Duration latency) {
            this.latency = positiveOrZero(latency, "latency");
            return this;
        }

        public Builder dropAfterCreateRate(double rate) {
            this.dropAfterCreateRate = Faults.checkRate(rate, "dropAfterCreateRate");
            return this;
        }

        /** See {@link Faults#trickleCreates(Duration)}. */
        public Builder trickleCreates(Duration total) {
            this.trickleCreates = positiveOrZero(total, "trickleCreates");
            return this;
        }

        /** The region this endpoint serves, e.g. cn-north-4; unset, it takes tasks for any destination region. */
        public Builder region(String region) {
            if (region != null && !region.matches("[a-z0-9]+(-[a-z0-9]+)*")) {
                throw new InvalidSettingException("region", "must be a region name like cn-north-4", region);
            }
            this.region = region;
            return this;
        }

        public Builder threads(int threads) {
            if (threads < 1) {
                throw new InvalidSettingException("threads", "must be at least 1", threads);
            }
            this.threads = threads;
            return this;
        }

        public SimulatorSettings build() {
            return new SimulatorSettings(this);
        }

        private static Duration positiveOrZero(Duration d, String what) {
            Objects.requireNonNull(d, what);
            if (d.isNegative()) {
                throw new InvalidSettingException(what, "must not be negative", d);
            }
            return d;
        }

        private static void nonEmpty(String value, String what) {
            Objects.requireNonNull(value, what);
            if (value.isEmpty()) {
                throw new InvalidSettingException(what, "must not be empty", "\"\"");
            }
        }
    }
}
