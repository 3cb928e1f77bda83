package io.omsbridge.simulator;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.UUID;

/** One IAM user the simulator accepts, with the single project its tokens may be scoped to. */
public record SimUser(String domain, String name, String password, String projectId, String projectName) {

    public SimUser {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(projectId, "projectId");
        Objects.requireNonNull(projectName, "projectName");
    }

    /** Stable 32-hex id derived from the domain name, so restarts hand out the same ids. */
    public String domainId() {
        return hexId("domain:" + domain);
    }

    public String userId() {
        return hexId("user:" + domain + "/" + name);
    }

    @Override
    public String toString() {
        // never print the password
        return "SimUser[domain=" + domain + ", name=" + name + ", projectId=" + projectId + ", projectName="
                + projectName + "]";
    }

    private static String hexId(String seed) {
        return UUID.nameUUIDFromBytes(seed.getBytes(StandardCharsets.UTF_8))
                .toString()
                .replace("-", "");
    }
}
