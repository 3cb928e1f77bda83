package io.omsbridge.settings;

import java.util.List;

/** Start-up refused: one line per missing or wrong setting, so an operator can fix them all at once. */
public final class ConfigurationException extends RuntimeException {

    private final List<String> problems;

    public ConfigurationException(List<String> problems) {
        super("oms-bridge cannot start:\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
