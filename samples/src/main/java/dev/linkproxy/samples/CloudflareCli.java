package dev.linkproxy.samples;

import dev.linkproxy.cloudflare.CloudflareAddressRanges;
import dev.linkproxy.cloudflare.CloudflareProvider;
import dev.linkproxy.verifier.ExpectedTarget;
import java.time.Duration;

/** {@code linkproxy-cloudflare}: plan, apply, status and verify for Cloudflare (launched by samples/bin/). */
public final class CloudflareCli {

    /** The command's name. */
    public static final String COMMAND = "linkproxy-cloudflare";

    /**
     * How long {@code apply --wait} waits by default. Proxied records serve at once; an advanced certificate's
     * validation usually takes minutes, sometimes longer, and {@code await} can always be run again later.
     */
    public static final Duration WAIT_TIMEOUT = Duration.ofMinutes(60);

    private CloudflareCli() {
    }

    /**
     * The CLI over {@code io}: what {@link #main} runs, and what tests run in-process. A proxied record's name is
     * the link domain itself, so {@code verify} judges it by its addresses: they must fall in Cloudflare's published
     * ranges (bundled with the adapter), with no credentials needed.
     */
    public static CliContext context(CliIo io) {
        return new CliContext(COMMAND, new CloudflareProvider(), WAIT_TIMEOUT,
                ExpectedTargetDefault.fixed(ExpectedTarget.ranges(CloudflareAddressRanges.all()),
                        "addresses in Cloudflare's published ranges (bundled, checked on "
                                + CloudflareAddressRanges.CHECKED_ON + ")"), io);
    }

    public static void main(String[] args) {
        System.exit(Cli.run(context(CliIo.system()), args));
    }
}
