package dev.linkproxy.samples;

import dev.linkproxy.fastly.FastlyProvider;
import dev.linkproxy.verifier.ExpectedTarget;
import java.time.Duration;

/** {@code linkproxy-fastly}: plan, apply, status and verify for Fastly (launched by samples/bin/). */
public final class FastlyCli {

    /** The command's name. */
    public static final String COMMAND = "linkproxy-fastly";

    /** Every Fastly cutover target ({@code x.sni.global.fastly.net}, …) is under this. */
    public static final String DOMAIN_SUFFIX = "fastly.net";

    /**
     * How long {@code apply --wait} waits by default: activation takes seconds, a TLS subscription's certificate is
     * issued once its ACME challenge records are published, usually within minutes.
     */
    public static final Duration WAIT_TIMEOUT = Duration.ofMinutes(30);

    private FastlyCli() {
    }

    /** The CLI over {@code io}: what {@link #main} runs, and what tests run in-process. */
    public static CliContext context(CliIo io) {
        return new CliContext(COMMAND, new FastlyProvider(), WAIT_TIMEOUT,
                ExpectedTargetDefault.fixed(ExpectedTarget.hostSuffix(DOMAIN_SUFFIX),
                        "a name under ." + DOMAIN_SUFFIX), io);
    }

    public static void main(String[] args) {
        System.exit(Cli.run(context(CliIo.system()), args));
    }
}
