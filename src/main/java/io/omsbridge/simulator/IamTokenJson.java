package io.omsbridge.simulator;

import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;

/** Writes the IAM token body of oms-api.md §7, with a catalog whose OMS endpoint is this simulator. */
final class IamTokenJson {

    private IamTokenJson() {}

    static byte[] write(IssuedToken t, boolean catalog, String baseUrl) {
        return Json.write(g -> {
            SimUser u = t.user();
            g.writeStartObject();
            g.writeObjectFieldStart("token");
            g.writeArrayFieldStart("methods");
            g.writeString("password");
            g.writeEndArray();
            g.writeStringField("expires_at", TokenRegistry.KEYSTONE_TIME.format(t.expiresAt()));
            g.writeStringField("issued_at", TokenRegistry.KEYSTONE_TIME.format(t.issuedAt()));
            g.writeObjectFieldStart("user");
            g.writeStringField("name", u.name());
            g.writeStringField("id", u.userId());
            g.writeStringField("password_expires_at", "");
            domain(g, "domain", u);
            g.writeEndObject();
            if (t.domainScoped()) {
                domain(g, "domain", u);
            }
            if (t.projectId() != null) {
                g.writeObjectFieldStart("project");
                g.writeStringField("name", t.projectName());
                g.writeStringField("id", t.projectId());
                domain(g, "domain", u);
                g.writeEndObject();
            }
            g.writeArrayFieldStart("roles");
            role(g, "op_service");
            role(g, "te_admin");
            g.writeEndArray();
            if (catalog) {
                catalog(g, t, baseUrl);
            }
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    private static void domain(JsonGenerator g, String field, SimUser u) throws IOException {
        g.writeObjectFieldStart(field);
        g.writeStringField("name", u.domain());
        g.writeStringField("id", u.domainId());
        g.writeEndObject();
    }

    private static void role(JsonGenerator g, String name) throws IOException {
        g.writeStartObject();
        g.writeStringField("name", name);
        g.writeStringField("id", "0");
        g.writeEndObject();
    }

    private static void catalog(JsonGenerator g, IssuedToken t, String baseUrl) throws IOException {
        String region = t.projectName() != null ? t.projectName() : "cn-north-1";
        g.writeArrayFieldStart("catalog");
        service(g, "oms", "oms", baseUrl, region);
        service(g, "iam", "iam", baseUrl + "/v3", region);
        g.writeEndArray();
    }

    private static void service(JsonGenerator g, String type, String name, String url, String region)
            throws IOException {
        g.writeStartObject();
        g.writeStringField("type", type);
        g.writeStringField("id", type + "00000000000000000000000000000");
        g.writeStringField("name", name);
        g.writeArrayFieldStart("endpoints");
        g.writeStartObject();
        g.writeStringField("url", url);
        g.writeStringField("region", region);
        g.writeStringField("region_id", region);
        g.writeStringField("interface", "public");
        g.writeStringField("id", type + "e0000000000000000000000000000");
        g.writeEndObject();
        g.writeEndArray();
        g.writeEndObject();
    }
}
