package dev.vision.serve.service;

import java.util.List;

/** A configuration that does not validate, with every problem found in it (none is applied). */
public final class ConfigInvalidException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient List<ConfigProblem> problems;

    public ConfigInvalidException(List<ConfigProblem> problems) {
        super(problems.isEmpty() ? "invalid configuration" : problems.get(0).toString());
        this.problems = List.copyOf(problems);
    }

    public List<ConfigProblem> problems() {
        return problems;
    }
}
