package dev.linkproxy.samples;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.Deployment;
import dev.linkproxy.core.spi.Plan;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code apply}: prints the plan, then makes the CDN match the spec. As octoDNS does, a write needs consent: a "y"
 * at the terminal, or {@code --yes} when no person is there to ask (scripts, CI).
 */
@Command(name = "apply", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = {"Prints the plan, then makes the CDN match the spec (changing only the fields linkproxy manages).",
                "Off a terminal, writes only with --yes. With --wait, waits until the change is live everywhere."})
public final class ApplyCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Mixin
    SpecOptions spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--yes", description = "Apply without asking.")
    boolean yes;

    @Option(names = "--wait", description = "Wait until the deployment is live at every edge (progress on stderr).")
    boolean await;

    @Option(names = "--wait-minutes", paramLabel = "MINUTES",
            description = "The most time --wait waits, in minutes (default: 35 for CloudFront, 60 for Cloudflare, 30 for"
                    + " Fastly).")
    Long waitMinutes;

    @Option(names = "--json", description = "Print one JSON document on stdout, nothing else.")
    boolean json;

    public ApplyCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        LinkProxySpec s = spec.toSpec();
        CliIo io = ctx.io();
        ProgressPrinter progress = new ProgressPrinter(io);
        try (CdnClient client = ctx.provider().connect(connection.settings(ctx.provider(), io))) {
            Plan plan = client.plan(s);
            // The plan is shown before anything is written: on stdout as text, on stderr beside a JSON result.
            (json ? io.err() : io.out()).print(plan.toText());
            (json ? io.err() : io.out()).flush();
            if (!plan.isEmpty() && !yes && !confirmed(io)) {
                return ExitCode.FAILURE;
            }
            Deployment d = client.apply(s, progress);
            if (await) {
                Duration timeout = waitMinutes != null && waitMinutes > 0 ? Duration.ofMinutes(waitMinutes) : ctx.waitTimeout();
                d = client.await(d, timeout, progress);
            }
            if (json) {
                ObjectNode out = JsonOutput.object();
                out.put("provider", ctx.provider().id());
                out.set("plan", plan.toJson());
                out.set("deployment", JsonOutput.deployment(d));
                JsonOutput.print(io, out);
            } else {
                io.out().println(d.provider() + " " + d.id() + ": " + d.status() + "; point "
                        + String.join(", ", d.linkDomains()) + " at " + d.cutoverTarget()
                        + (d.status() == Deployment.Status.DEPLOYED ? " (after checking a tracked link through it)"
                        : " once it is DEPLOYED (apply --wait, or status)"));
                io.out().flush();
            }
            return ExitCode.OK;
        }
    }

    /** Asks the person at the terminal; off a terminal, refuses and says how to consent. */
    private boolean confirmed(CliIo io) {
        if (!io.interactive().getAsBoolean()) {
            throw new NotConfirmedException(ctx.command() + " apply: not on a terminal, so nothing was applied;"
                    + " add --yes to apply the changes above");
        }
        io.err().print("Apply these changes? [y/N] ");
        io.err().flush();
        String answer = io.readLine().get();
        if (answer != null && answer.trim().toLowerCase(Locale.ROOT).matches("y|yes")) {
            return true;
        }
        io.err().println("nothing applied");
        return false;
    }

    /** A write that needs {@code --yes}: bad input, exit 2. */
    static final class NotConfirmedException extends dev.linkproxy.core.LinkProxyException {
        private static final long serialVersionUID = 1L;

        NotConfirmedException(String message) {
            super(message);
        }
    }
}
