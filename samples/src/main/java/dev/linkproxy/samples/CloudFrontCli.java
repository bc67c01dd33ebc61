package dev.linkproxy.samples;

import dev.linkproxy.cloudfront.CloudFrontProvider;
import dev.linkproxy.cloudfront.DeploymentWaiter;

/** {@code linkproxy-cloudfront}: plan, apply and status for Amazon CloudFront (launched by samples/bin/). */
public final class CloudFrontCli {

    /** The command's name. */
    public static final String COMMAND = "linkproxy-cloudfront";

    private CloudFrontCli() {
    }

    /** The CLI over {@code io}: what {@link #main} runs, and what tests run in-process. */
    public static CliContext context(CliIo io) {
        return new CliContext(COMMAND, new CloudFrontProvider(), DeploymentWaiter.DEFAULT_TIMEOUT, io);
    }

    public static void main(String[] args) {
        System.exit(Cli.run(context(CliIo.system()), args));
    }
}
