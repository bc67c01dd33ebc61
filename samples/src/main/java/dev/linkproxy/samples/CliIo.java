package dev.linkproxy.samples;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Where a CLI reads and writes: stdout for results only (one JSON document with {@code --json}), stderr for
 * progress, notes and errors; whether a person is at a terminal; and the environment credentials come from.
 * Tests pass their own.
 *
 * @param out         results
 * @param err         progress, notes, errors
 * @param interactive true when a person can answer a question (a console is attached)
 * @param readLine    reads one answer from the person, or null at end of input
 * @param environment the environment variables
 * @param errTerminal true when stderr is a terminal, so a progress line rewritten in place ({@code \r}) is read by a
 *                    person rather than piling up in a log
 */
public record CliIo(PrintWriter out, PrintWriter err, BooleanSupplier interactive, Supplier<String> readLine,
                    UnaryOperator<String> environment, BooleanSupplier errTerminal) {

    /**
     * The system property the launchers in {@code samples/bin/} set to {@code true} or {@code false} from
     * {@code [ -t 2 ]}: Java itself cannot tell whether stderr alone is a terminal.
     */
    public static final String ERR_TERMINAL_PROPERTY = "linkproxy.stderrIsTerminal";

    public CliIo {
        Objects.requireNonNull(out);
        Objects.requireNonNull(err);
        Objects.requireNonNull(interactive);
        Objects.requireNonNull(readLine);
        Objects.requireNonNull(environment);
        Objects.requireNonNull(errTerminal);
    }

    /** Streams whose stderr is not a terminal: no in-place progress line. */
    public CliIo(PrintWriter out, PrintWriter err, BooleanSupplier interactive, Supplier<String> readLine,
                 UnaryOperator<String> environment) {
        this(out, err, interactive, readLine, environment, () -> false);
    }

    /** The process's own streams, console and environment. */
    public static CliIo system() {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String errTerminal = System.getProperty(ERR_TERMINAL_PROPERTY);
        // Without the launcher's word, a console (stdin and stdout on a terminal) is the best guess for stderr too.
        boolean errIsTerminal = errTerminal != null ? Boolean.parseBoolean(errTerminal) : System.console() != null;
        return new CliIo(new PrintWriter(System.out, true, StandardCharsets.UTF_8),
                new PrintWriter(System.err, true, StandardCharsets.UTF_8),
                () -> System.console() != null,
                () -> {
                    try {
                        return in.readLine();
                    } catch (java.io.IOException e) {
                        throw new UncheckedIOException(e);
                    }
                },
                System::getenv,
                () -> errIsTerminal);
    }
}
