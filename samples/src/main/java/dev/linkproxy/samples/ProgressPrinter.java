package dev.linkproxy.samples;

import dev.linkproxy.core.spi.Progress;
import dev.linkproxy.core.spi.ProgressEvent;

/** Prints progress events on stderr, one a line, so stdout keeps only results. */
public final class ProgressPrinter implements Progress {

    private final CliIo io;

    public ProgressPrinter(CliIo io) {
        this.io = io;
    }

    @Override
    public void report(ProgressEvent event) {
        io.err().println(event);
        io.err().flush();
    }
}
