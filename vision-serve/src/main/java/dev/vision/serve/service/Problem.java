package dev.vision.serve.service;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vision.core.InvalidSettingException;
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

    /** The problem as its JSON body; the first setting's path and reason also at the top. */
    ObjectNode json(ObjectMapper json) {
        ObjectNode body = json.createObjectNode()
                .put("type", "about:blank")
                .put("title", title)
                .put("status", status)
                .put("detail", detail);
        if (!problems.isEmpty()) {
            ArrayNode list = body.putArray("problems");
            problems.forEach(p -> {
                ObjectNode one = list.addObject().put("setting", p.setting()).put("reason", p.reason());
                if (p.line() > 0) {
                    one.put("line", p.line()).put("column", p.column());
                }
            });
            body.put("setting", problems.get(0).setting());
            body.put("reason", problems.get(0).reason());
        }
        return body;
    }

    /** A refused setting or query parameter, as a 400. */
    static Problem badQuery(InvalidSettingException e) {
        return new Problem(
                400, "Bad query", e.setting() + ": " + e.problem(), List.of(new Setting(e.setting(), e.problem())));
    }
}
