package dev.linkproxy.samples;

import dev.linkproxy.verifier.CheckResult;
import dev.linkproxy.verifier.CheckStatus;
import dev.linkproxy.verifier.VerificationReport;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Writes {@code verify}'s reports as each finishes: a JSON Lines object per domain, or a table line a person reads
 * at a glance; a progress line rewritten in place on stderr when stderr is a terminal; a summary at the end.
 * Called one report at a time (the verifier serialises its callbacks).
 */
final class VerifyPrinter implements Consumer<VerificationReport> {

    private final CliIo io;
    private final boolean json;
    private final long total;
    private final boolean progress;
    private long done;
    private long ready;
    private int progressWidth;

    VerifyPrinter(CliIo io, boolean json, long total) {
        this.io = io;
        this.json = json;
        this.total = total;
        // A one-domain run is over before a progress line could help.
        this.progress = total > 1 && io.errTerminal().getAsBoolean();
    }

    @Override
    public void accept(VerificationReport report) {
        done++;
        if (report.ready()) {
            ready++;
        }
        clearProgress();
        if (json) {
            JsonOutput.printLine(io, report.toJson());
        } else {
            io.out().println(line(report));
            io.out().flush();
        }
        if (progress && done < total) {
            String text = "[" + done + "/" + total + "] " + ready + " ready";
            io.err().print("\r" + text);
            io.err().flush();
            progressWidth = text.length();
        }
    }

    /** Clears the progress line and prints the summary: on stdout for the table, on stderr beside JSON Lines. */
    void finish() {
        clearProgress();
        String summary = ready + " of " + done + (done == 1 ? " domain" : " domains") + " ready";
        if (json) {
            io.err().println(summary);
            io.err().flush();
        } else {
            io.out().println(summary);
            io.out().flush();
        }
    }

    long ready() {
        return ready;
    }

    long done() {
        return done;
    }

    /** {@code READY      domain} or {@code NOT READY  domain  check status: summary; …}, warnings included. */
    static String line(VerificationReport report) {
        String notes = report.checks().stream().filter(c -> c.status() != CheckStatus.PASS)
                .map(VerifyPrinter::note).collect(Collectors.joining("; "));
        return String.format("%-9s  %s%s", report.ready() ? "READY" : "NOT READY", report.domain(),
                notes.isEmpty() ? "" : "  " + notes);
    }

    private static String note(CheckResult c) {
        return c.name() + " " + c.status().wireName() + ": " + c.summary().replaceAll("\\s*\\R\\s*", " ");
    }

    private void clearProgress() {
        if (progressWidth > 0) {
            io.err().print("\r" + " ".repeat(progressWidth) + "\r");
            io.err().flush();
            progressWidth = 0;
        }
    }
}
