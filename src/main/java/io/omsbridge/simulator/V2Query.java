package io.omsbridge.simulator;

import java.util.Map;

/** Integer query parameters of the v2 list operations; a bad one is OMS.0064 naming the parameter and its range. */
final class V2Query {

    private V2Query() {}

    static int integer(Map<String, String> query, String name, int min, int max, int fallback) {
        String raw = query.get(name);
        if (raw == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw);
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw TaskRequestParser.invalid(name + " must be an integer from " + min + " to " + max + ".");
    }
}
