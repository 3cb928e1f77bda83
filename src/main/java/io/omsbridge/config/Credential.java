package io.omsbridge.config;

/** A named AK/SK pair that requests reference by alias, so request files need not carry secrets. */
public record Credential(String ak, String sk) {

    @Override
    public String toString() {
        return "Credential[ak=***, sk=***]";
    }
}
