package dev.vision.serve.service;

import java.util.List;

/**
 * A refused request, as RFC 9457 problem JSON: the HTTP status, a title, what went wrong, and for a setting that
 * does not validate, each setting's path with its reason.
 */
record Problem(int status, String title, String detail, List<Setting> problems) {

    /** One setting that is wrong, and why; where it is in the text sent, when that was a whole file (else 0). */
    record Setting(String setting, String reason, int line, int column) {
        Setting(String setting, String reason) {
            this(setting, reason, 0, 0);
        }
    }

    Problem {
        problems = List.copyOf(problems);
    }

    static Problem of(int status, String title, String detail) {
        return new Problem(status, title, detail, List.of());
    }

    /** Thrown by a handler; the API turns it into its response. */
    static final class Raised extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient Problem problem;

        Raised(Problem problem) {
            super(problem.detail(), null, false, false);
            this.problem = problem;
        }
    }

    Raised raise() {
        return new Raised(this);
    }
}
