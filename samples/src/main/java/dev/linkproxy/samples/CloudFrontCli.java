package dev.linkproxy.samples;

import dev.linkproxy.cloudfront.CloudFrontProvider;
import dev.linkproxy.cloudfront.DeploymentWaiter;
import dev.linkproxy.verifier.ExpectedTarget;

/** {@code linkproxy-cloudfront}: plan, apply, status and verify for Amazon CloudFront (launched by samples/bin/). */
public final class CloudFrontCli {

    /** The command's name. */
    public static final String COMMAND = "linkproxy-cloudfront";

    /** Every distribution's domain name is under this: what verify expects when the live one cannot be read. */
    public static final String DOMAIN_SUFFIX = "cloudfront.net";

    private CloudFrontCli() {
    }

    /** The CLI over {@code io}: what {@link #main} runs, and what tests run in-process. */
    public static CliContext context(CliIo io) {
        return new CliContext(COMMAND, new CloudFrontProvider(), DeploymentWaiter.DEFAULT_TIMEOUT,
                ExpectedTargetDefault.liveDeploymentOr(ExpectedTarget.hostSuffix(DOMAIN_SUFFIX),
                        "the domain name of the distribution serving the link domains when AWS credentials can read it,"
                                + " else any name under ." + DOMAIN_SUFFIX), io);
    }

    public static void main(String[] args) {
        System.exit(Cli.run(context(CliIo.system()), args));
    }
}
