package io.omsbridge.simulator;

/** A simulator setting out of its range; names the setting and the rule apart so a CLI can name its own option. */
public final class InvalidSettingException extends IllegalArgumentException {

    private final String setting;
    private final String rule;

    InvalidSettingException(String setting, String rule, Object value) {
        super(setting + " " + rule + ": " + value);
        this.setting = setting;
        this.rule = rule;
    }

    /** The builder's name for the setting, e.g. {@code errorRate}. */
    public String setting() {
        return setting;
    }

    /** What the value must be, e.g. {@code must be within 0..1}. */
    public String rule() {
        return rule;
    }
}
