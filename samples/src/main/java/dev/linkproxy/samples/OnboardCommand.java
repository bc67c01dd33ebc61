package dev.linkproxy.samples;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.DnsClient;
import dev.linkproxy.core.spi.DnsProvider;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.onboard.Onboarding;
import dev.linkproxy.onboard.OnboardingReport;
import dev.linkproxy.onboard.OnboardingStep;
import dev.linkproxy.verifier.CaaLookup;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.xbill.DNS.ResolverConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code onboard}: from a spec to SSL click tracking ready, in one command (library: {@link Onboarding}). Every step
 * reads live state first, so running it again after an interruption picks up where it stopped.
 */
@Command(name = "onboard", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = {"From a spec to SSL click tracking ready: preflight (the CDN's plan, CAA records, current DNS), "
                + "certificate, apply, await, the gated cutover with rollback, then what to ask the ESP.",
                "Off a terminal, writes only with --yes; --dry-run reads everything and prints what it would do."})
public final class OnboardCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Mixin
    SpecOptions spec;

    @Mixin
    ConnectionOptions connection;

    @Mixin
    DnsOptions dns;

    @Mixin
    ProofOptions proof;

    @Option(names = "--link", paramLabel = "PATH", description = "A tracked link path and query to prove with.")
    String link;

    @Option(names = "--journal", paramLabel = "FILE", defaultValue = "linkproxy-cutover-journal.jsonl",
            description = "Where the cutover appends previous values (default: ${DEFAULT-VALUE}); keep it.")
    Path journal;

    @Option(names = "--wait-timeout", paramLabel = "MINUTES", defaultValue = "60",
            description = "The longest one wait may take: certificate, deployment (default: ${DEFAULT-VALUE}).")
    long waitMinutes;

    @Option(names = "--dry-run", description = "Read everything, change nothing, print every step it would take.")
    boolean dryRun;

    @Option(names = "--yes", description = "Change the CDN and DNS without asking.")
    boolean yes;

    @Option(names = "--json", description = "Print one JSON document on stdout, nothing else.")
    boolean json;

    public OnboardCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        CliIo io = ctx.io();
        // Bad input is refused before any DNS or API call.
        LinkProxySpec s = spec.toSpec();
        DnsProvider provider = dns.provider("onboard");
        ProviderSettings dnsSettings = dns.settings(provider, io, "onboard");
        List<String> lookupServers = proof.lookupServers().isEmpty() ? systemResolvers() : proof.lookupServers();
        CaaLookup caa;
        try {
            caa = CaaLookup.through(lookupServers, Duration.ofSeconds(5));
        } catch (IllegalArgumentException e) {
            throw new dev.linkproxy.core.LinkProxyException("onboard: " + e.getMessage());
        }
        if (!dryRun && !yes && !io.interactive().getAsBoolean()) {
            throw new ApplyCommand.NotConfirmedException(ctx.command() + " onboard: not on a terminal, so nothing was "
                    + "changed; add --yes, or --dry-run to see the steps");
        }
        OnboardingReport report;
        try (CdnClient cdn = ctx.provider().connect(connection.settings(ctx.provider(), io));
             DnsClient dnsClient = provider.connect(dnsSettings)) {
            Onboarding.Builder b = Onboarding.builder().cdn(cdn).dns(dnsClient, provider.id()).caa(caa)
                    .cutover(c -> proof.configure(c, "onboard").journal(journal))
                    .waitTimeout(Duration.ofMinutes(waitMinutes)).dryRun(dryRun)
                    .progress(e -> {
                        io.err().println("[" + e.provider() + " " + e.stage() + "] " + e.message());
                        io.err().flush();
                    });
            if (link != null) {
                b.trackedLink(link);
            }
            report = b.build().run(s);
        }
        print(io, report);
        return report.ready() || dryRun && report.steps().stream()
                .noneMatch(st -> st.status() == OnboardingStep.Status.FAILED) ? ExitCode.OK : ExitCode.FAILURE;
    }

    private static List<String> systemResolvers() {
        return ResolverConfig.getCurrentConfig().servers().stream()
                .map(a -> a.getAddress().getHostAddress() + ":" + a.getPort()).toList();
    }

    private void print(CliIo io, OnboardingReport report) {
        if (json) {
            ObjectNode out = JsonOutput.object();
            out.put("ready", report.ready());
            out.put("dryRun", dryRun);
            ArrayNode steps = out.putArray("steps");
            for (OnboardingStep st : report.steps()) {
                steps.addObject().put("step", st.name()).put("domain", st.domain())
                        .put("status", st.status().name().toLowerCase(Locale.ROOT)).put("detail", st.detail());
            }
            ArrayNode next = out.putArray("next");
            report.nextSteps().forEach(next::add);
            JsonOutput.print(io, out);
        } else {
            report.steps().forEach(st -> io.out().println(st));
            io.out().println(report.ready() ? "READY: SSL click tracking can be switched on" : dryRun ? "DRY RUN: nothing"
                    + " was changed" : "NOT READY");
            report.nextSteps().forEach(n -> io.out().println("next: " + n));
        }
        io.out().flush();
    }
}
