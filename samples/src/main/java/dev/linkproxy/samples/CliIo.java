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
 */
public record CliIo(PrintWriter out, PrintWriter err, BooleanSupplier interactive, Supplier<String> readLine,
                    UnaryOperator<String> environment) {

    public CliIo {
        Objects.requireNonNull(out);
        Objects.requireNonNull(err);
        Objects.requireNonNull(interactive);
        Objects.requireNonNull(readLine);
        Objects.requireNonNull(environment);
    }

    /** The process's own streams, console and environment. */
    public static CliIo system() {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
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
                System::getenv);
    }
}
