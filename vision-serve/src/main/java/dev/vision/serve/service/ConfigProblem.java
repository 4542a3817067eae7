package dev.vision.serve.service;

/**
 * One thing wrong with a configuration: where it is in the file (line and column from 1; 0 when the setting is
 * missing from the text, as a required one), the setting's path ({@code cameras[2].lines[0].points}) and why.
 */
public record ConfigProblem(String file, int line, int column, String setting, String reason) {

    /** {@code FILE:LINE:COLUMN: SETTING: REASON}, the form editors and CI logs link from. */
    @Override
    public String toString() {
        return file + ":" + line + ":" + column + ": " + (setting.isEmpty() ? "" : setting + ": ") + reason;
    }
}
