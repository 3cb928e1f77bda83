package io.omsbridge.config;

/** The built-in simulator's IAM user: the seed's example values, so the quickstart works against it word for word. */
public final class Defaults {

    public static final String SIM_DOMAIN = "testname";
    public static final String SIM_USER = "testname";
    public static final String SIM_PASSWORD = "Password";
    public static final String SIM_PROJECT_NAME = "cn-north-1";
    public static final String SEED_PROJECT_ID = "0215ef11e49d4743be23dd97a1561e91";

    private Defaults() {}
}
