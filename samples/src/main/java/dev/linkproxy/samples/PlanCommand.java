package dev.linkproxy.samples;

import dev.linkproxy.core.EspAdvice;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.NativeConfig;
import dev.linkproxy.core.spi.Plan;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code plan}: what apply would change (reads only), or with {@code --offline} the rendered configuration. */
@Command(name = "plan", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = {"Shows what apply would change. Reads only.",
                "With --offline, prints the configuration the CDN would receive; no credentials, no network."})
public final class PlanCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Mixin
    SpecOptions spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--offline", description = "Render the spec only: no account is read.")
    boolean offline;

    @Option(names = "--json", description = "Print one JSON document on stdout, nothing else.")
    boolean json;

    public PlanCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        LinkProxySpec s = spec.toSpec();
        CliIo io = ctx.io();
        if (offline) {
            NativeConfig config = ctx.provider().render(s);
            espNote(s, io);
            if (json) {
                config.notes().forEach(n -> io.err().println("note: " + n));
                JsonOutput.print(io, config.toJson());
            } else {
                io.out().println(ctx.provider().id() + ": the configuration the API would receive (offline; no account"
                        + " read)");
                JsonOutput.print(io, config.config());
                config.notes().forEach(n -> io.out().println("note: " + n));
            }
            return ExitCode.OK;
        }
        Plan plan;
        try (CdnClient client = ctx.provider().connect(connection.settings(ctx.provider(), io))) {
            plan = client.plan(s);
        }
        espNote(s, io);
        if (json) {
            JsonOutput.print(io, plan.toJson());
        } else {
            io.out().print(plan.toText());
            io.out().flush();
        }
        return ExitCode.OK;
    }

    /** Where the ESP serves HTTPS itself, a CDN may not be needed at all: said on stderr, with the source. */
    private static void espNote(LinkProxySpec s, CliIo io) {
        EspAdvice advice = EspAdvice.forOrigin(s.origin());
        advice.managedHttps().ifPresent(m -> io.err().println("note: " + m + " (" + String.join("; ",
                advice.sources()) + ")"));
    }
}
