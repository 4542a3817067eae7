package dev.vision.core;

/**
 * A setting has a value that cannot work. {@link #setting()} names it as the builders do ("confidence",
 * "batchSize", "device", …); {@link #problem()} says what is wrong with the value.
 */
public class InvalidSettingException extends VisionException {

    private final String setting;
    private final String problem;

    public InvalidSettingException(String setting, String problem) {
        super(setting + ": " + problem);
        this.setting = setting;
        this.problem = problem;
    }

    /** The setting's name, as the builder method that sets it. */
    public String setting() {
        return setting;
    }

    /** What is wrong with its value, without the setting's name. */
    public String problem() {
        return problem;
    }
}
