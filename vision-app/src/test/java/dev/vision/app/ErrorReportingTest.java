package dev.vision.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.vision.core.InvalidSettingException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** How the command line reports what goes wrong: fixable problems in its own words (2), bugs as bugs (3). */
class ErrorReportingTest {

    /** A stand-in command that fails as it is told to, run under vision's own error handling. */
    @CommandLine.Command(name = "probe")
    static final class Probe implements Callable<Integer> {
        private final RuntimeException failure;

        Probe(RuntimeException failure) {
            this.failure = failure;
        }

        @Override
        public Integer call() {
            throw failure;
        }
    }

    private static int run(RuntimeException failure, StringWriter err) {
        CommandLine cli = VisionCommand.commandLine();
        cli.addSubcommand("probe", new Probe(failure));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute("probe");
    }

    @Test
    void anUnexpectedExceptionIsABugInOneLineWithExit3() {
        StringWriter err = new StringWriter();
        int code = run(new IllegalStateException("the impossible happened"), err);
        assertEquals(ExitCodes.BUG, code);
        String text = err.toString().strip();
        assertEquals(1, text.lines().count(), text);
        assertTrue(
                text.startsWith("vision: internal error")
                        && text.contains("IllegalStateException")
                        && text.contains("the impossible happened"),
                text);
    }

    @Test
    void aCoreSettingIsReportedAsTheOptionThatSetsIt() {
        StringWriter err = new StringWriter();
        int code = run(new InvalidSettingException("maxDetections", "must be at least 1, got 0"), err);
        assertEquals(ExitCodes.SETUP, code);
        assertEquals(
                "vision: --max-det: must be at least 1, got 0", err.toString().strip());
    }

    @Test
    void helpListsEveryExitCode() {
        String help = VisionCommand.commandLine().getUsageMessage();
        for (String code : new String[] {"0", "1", "2", "3", "130"}) {
            assertTrue(help.lines().anyMatch(l -> l.trim().startsWith(code + " ")), "exit " + code + " in " + help);
        }
    }
}
