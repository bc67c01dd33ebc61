package dev.linkproxy.samples;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.linkproxy.core.LinkProxyException;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.CutoverTarget;
import dev.linkproxy.core.spi.Deployment;
import dev.linkproxy.core.spi.DnsClient;
import dev.linkproxy.core.spi.DnsProvider;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.cutover.Cutover;
import dev.linkproxy.cutover.CutoverOutcome;
import dev.linkproxy.cutover.Journal;
import dev.linkproxy.verifier.VerificationRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code cutover}: moves each link domain's CNAME from the origin to the CDN through a DNS provider, only after the
 * verifier proves the CDN serves it, proves it again through the authoritative servers, and rolls back by itself.
 */
@Command(name = "cutover", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = {"Changes each link domain's DNS record from the origin to the CDN (runbook step 5): only after "
                + "a pre-cutover verification passes, with compare-and-set, the previous value in a journal; then "
                + "proves it through the zone's authoritative servers and rolls back when that fails.",
                "Off a terminal, changes DNS only with --yes. Resolver caches keep the old answer for up to its TTL."})
public final class CutoverCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Mixin
    DnsOptions dns;

    @Option(names = "--domain", paramLabel = "HOST", description = "A link domain to cut over (repeatable).")
    List<String> domains = new ArrayList<>();

    @Option(names = "--cdn-target", paramLabel = "HOST",
            description = "The CNAME's new value, e.g. d111abcdef8.cloudfront.net; default: the CDN's own word (the "
                    + "deployment serving the domain, as `status` shows it, which must be deployed).")
    String cdnTarget;

    @Mixin
    ConnectionOptions connection;

    @Option(names = "--origin", paramLabel = "ORIGIN", defaultValue = "sendgrid",
            description = "ESP preset or origin host (default: ${DEFAULT-VALUE}).")
    String origin;

    @Option(names = "--link", paramLabel = "PATH", description = "A tracked link path and query to prove with.")
    String link;

    @Option(names = "--journal", paramLabel = "FILE", defaultValue = "linkproxy-cutover-journal.jsonl",
            description = "Where the previous values are appended (default: ${DEFAULT-VALUE}); keep it.")
    Path journal;

    @Option(names = "--rollback", paramLabel = "JOURNAL", description = "Put back every change of this journal.")
    Path rollbackJournal;

    @Option(names = "--no-rollback", description = "Leave a change whose proof failed as it is.")
    boolean noRollback;

    @Option(names = "--consent", description = "Replace a record that is not the CNAME to the origin.")
    boolean consent;

    @Option(names = "--ttl", paramLabel = "SECONDS", description = "The new record's TTL (default: the old one's).")
    Long ttl;

    @Option(names = "--lower-ttl-first", paramLabel = "SECONDS",
            description = "Only lower the TTL of each domain's record to the origin to SECONDS (e.g. 300), journaled, "
                    + "and say when to cut over: one old TTL later, no resolver still holds the old answer for long.")
    Long lowerTtlFirst;

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "4",
            description = "Link domains cut over at once, each independently (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Mixin
    ProofOptions proof;

    @Option(names = "--yes", description = "Change DNS without asking.")
    boolean yes;

    @Option(names = "--json", description = "Print one JSON document on stdout, nothing else.")
    boolean json;

    private final Map<String, Deployment> deployments = new java.util.concurrent.ConcurrentHashMap<>();

    public CutoverCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        CliIo io = ctx.io();
        // Bad input is refused before any DNS or API call.
        DnsProvider provider = dns.provider("cutover");
        if (rollbackJournal != null) {
            try {
                new Journal(rollbackJournal).read(); // a bad journal: exit 2, nothing asked of DNS
            } catch (IllegalArgumentException e) {
                throw new LinkProxyException("cutover --rollback: " + e.getMessage());
            }
        } else if (domains.isEmpty()) {
            throw new LinkProxyException("cutover: give --domain (one or more), or --rollback JOURNAL");
        }
        List<LinkProxySpec> specs = new ArrayList<>();
        domains.forEach(d -> specs.add(LinkProxySpec.builder().linkDomains(d).origin(origin).certificate("managed")
                .build()));
        ProviderSettings settings = dns.settings(provider, io, "cutover");
        if (!yes && !io.interactive().getAsBoolean()) {
            throw new ApplyCommand.NotConfirmedException(ctx.command() + " cutover: not on a terminal, so DNS was not "
                    + "changed; add --yes");
        }
        try (DnsClient client = provider.connect(settings)) {
            Cutover cutover = cutover(client, provider.id(), io);
            List<CutoverOutcome> outcomes = new ArrayList<>();
            if (rollbackJournal != null) {
                outcomes.addAll(cutover.rollback(rollbackJournal));
            } else if (lowerTtlFirst != null) {
                outcomes.addAll(each(specs, s -> cutover.lowerTtl(s.linkDomains().get(0),
                        Duration.ofSeconds(lowerTtlFirst))));
            } else {
                outcomes.addAll(each(specs, s -> {
                    VerificationRequest.Builder request = VerificationRequest.forSpec(s, s.linkDomains().get(0));
                    if (link != null) {
                        request.trackedLink(link);
                    }
                    return cutover.run(request, target(s));
                }));
            }
            print(io, outcomes);
            boolean allDone = outcomes.stream().allMatch(o -> o.done()
                    || o.status() == CutoverOutcome.Status.TTL_LOWERED
                    || rollbackJournal != null && o.status() == CutoverOutcome.Status.ROLLED_BACK);
            return allDone ? ExitCode.OK : ExitCode.FAILURE;
        }
    }

    /** Runs {@code step} for every spec, {@code --concurrency} at once; the outcomes in the specs' order. */
    private List<CutoverOutcome> each(List<LinkProxySpec> specs, Function<LinkProxySpec, CutoverOutcome> step) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(concurrency, specs.size())));
        try {
            List<Future<CutoverOutcome>> running = new ArrayList<>();
            specs.forEach(s -> running.add(pool.submit(() -> step.apply(s))));
            List<CutoverOutcome> out = new ArrayList<>();
            for (Future<CutoverOutcome> f : running) {
                try {
                    out.add(f.get());
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new LinkProxyException("cutover: interrupted");
                }
            }
            return out;
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * The given {@code --cdn-target}, else the CDN's word: the deployment serving the domain, its target, and whether
     * it is deployed (the gate of a proxied cutover, where nothing can be verified through the CDN before).
     */
    private CutoverTarget target(LinkProxySpec spec) {
        if (cdnTarget != null) {
            return CutoverTarget.cname(cdnTarget);
        }
        String domain = spec.linkDomains().get(0);
        try (CdnClient cdn = ctx.provider().connect(connection.settings(ctx.provider(), ctx.io()))) {
            Deployment d = cdn.find(spec).orElseThrow(() -> new LinkProxyException("cutover: nothing on "
                    + ctx.provider().id() + " serves " + domain + " yet: run apply (or give --cdn-target)"));
            deployments.put(domain, d);
            return d.cutoverTarget();
        }
    }

    private Optional<String> notReady(String domain) {
        Deployment d = deployments.get(domain);
        if (d == null) {
            return Optional.of("no deployment was read for " + domain);
        }
        return d.status() == Deployment.Status.DEPLOYED ? Optional.empty()
                : Optional.of(d.provider() + " " + d.id() + " is " + d.status() + ", certificate "
                + d.certificateState());
    }

    private Cutover cutover(DnsClient client, String providerId, CliIo io) {
        Cutover.Builder b = proof.configure(Cutover.builder(), "cutover").dns(client, providerId).journal(journal)
                .rollback(!noRollback).consent(consent).cdnReadiness(this::notReady)
                .progress(e -> {
                    io.err().println("[" + e.provider() + " " + e.stage() + "] " + e.message());
                    io.err().flush();
                });
        if (ttl != null) {
            b.ttl(Duration.ofSeconds(ttl));
        }
        return b.build();
    }

    private void print(CliIo io, List<CutoverOutcome> outcomes) {
        if (json) {
            ObjectNode out = JsonOutput.object();
            ArrayNode list = out.putArray("cutovers");
            for (CutoverOutcome o : outcomes) {
                ObjectNode n = list.addObject().put("domain", o.domain())
                        .put("status", o.status().name().toLowerCase(Locale.ROOT)).put("message", o.message());
                n.put("before", o.before().sets().toString()).put("now", o.now().sets().toString());
            }
            JsonOutput.print(io, out);
        } else {
            outcomes.forEach(o -> io.out().println(o.status().name().replace('_', ' ') + "  " + o.domain() + "  "
                    + o.message()));
        }
        io.out().flush();
    }
}
