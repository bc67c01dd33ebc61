package dev.linkproxy.samples;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.Deployment;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code status}: the deployment serving the link domains, its state and its cutover target. Reads only. */
@Command(name = "status", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = "Shows the deployment serving the spec's link domains: id, state, and where DNS must point.")
public final class StatusCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Mixin
    SpecOptions spec;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--json", description = "Print one JSON document on stdout, nothing else.")
    boolean json;

    public StatusCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        LinkProxySpec s = spec.toSpec();
        CliIo io = ctx.io();
        Optional<Deployment> found;
        try (CdnClient client = ctx.provider().connect(connection.settings(ctx.provider(), io))) {
            found = client.find(s);
        }
        if (json) {
            ObjectNode out = JsonOutput.object();
            out.put("provider", ctx.provider().id());
            out.put("found", found.isPresent());
            found.ifPresent(d -> out.set("deployment", JsonOutput.deployment(d)));
            JsonOutput.print(io, out);
        } else if (found.isEmpty()) {
            io.out().println(ctx.provider().id() + ": nothing serves " + String.join(", ", s.linkDomains())
                    + " yet; run plan, then apply");
        } else {
            Deployment d = found.get();
            io.out().println(d.provider() + " " + d.id() + ": " + d.status() + "; serves "
                    + String.join(", ", d.linkDomains()) + "; DNS target " + d.cutoverTarget());
        }
        io.out().flush();
        return ExitCode.OK;
    }
}
