package dev.linkproxy.samples;

import dev.linkproxy.core.HostNames;
import dev.linkproxy.core.LinkProxyException;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.Deployment;
import dev.linkproxy.verifier.Cidr;
import dev.linkproxy.verifier.ConnectTo;
import dev.linkproxy.verifier.ExpectedTarget;
import dev.linkproxy.verifier.VerificationRequest;
import dev.linkproxy.verifier.Verifier;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code verify}: checks link domains the way the ESP does before it switches SSL click tracking on (DNS cut over to
 * the CDN, TLS for the link domain, a tracked link answered as the origin answers it, over HTTPS and HTTP), and
 * streams one result per domain as each finishes. Exit 0 when every domain is ready, 1 when any is not, 2 for bad
 * input (found before any network work, even in a domains file of many thousands of lines).
 */
@Command(name = "verify", mixinStandardHelpOptions = true, versionProvider = Cli.Version.class,
        description = {"Checks link domains as the ESP does before switching SSL click tracking on: DNS cut over to the"
                + " CDN, TLS for the link domain, and a tracked link answered as the origin answers it, over HTTPS and HTTP.",
                "One line per domain as it finishes (with --json: one JSON object a line, nothing else on stdout).",
                "Exit codes: 0 every domain ready, 1 any not ready, 2 bad input."},
        footer = {"", "Examples:",
                "  verify --domain ablink.news.example.com",
                "  verify --domains-file domains.txt --concurrency 32 --json > report.jsonl",
                "  verify --pre-cutover --cdn-endpoint EDGE-HOST --domain ablink.news.example.com"})
public final class VerifyCommand implements Callable<Integer> {

    private final CliContext ctx;

    @Spec
    CommandSpec command;

    @Option(names = "--domain", paramLabel = "HOST", description = "A link domain; repeat for several.")
    List<String> domains = new ArrayList<>();

    @Option(names = "--domains-file", paramLabel = "FILE",
            description = {"A file of link domains, one a line (many thousands are fine: it is read as it goes).",
                    "An optional second column, after white space or a comma, is that domain's tracked link;"
                            + " blank lines and lines starting with # are skipped."})
    Path domainsFile;

    @Option(names = "--link", paramLabel = "PATH",
            description = "An existing tracked link's path and query, e.g. /wf/click?upn=…"
                    + " (default: the ESP preset's sample link; without one the link checks are skipped).")
    String link;

    @Option(names = "--origin", paramLabel = "ORIGIN",
            description = "ESP preset (sendgrid, sendgrid-eu, sparkpost, sparkpost-eu, ses:<region>, iterable,"
                    + " customerio, mailgun) or the origin's host name. Default: sendgrid.")
    String origin;

    @Option(names = "--expect-target", paramLabel = "SUFFIX|CIDRS", converter = VerifyConverters.Target.class,
            description = {"Where DNS must lead: a host-name suffix, e.g. .cloudfront.net or d111abcdef8.cloudfront.net,"
                    + " or comma-separated CIDR ranges, e.g. 104.16.0.0/13,2606:4700::/32. Default: see below."})
    ExpectedTarget expectTarget;

    @Option(names = "--resolver", paramLabel = "HOST[:PORT]",
            description = "A DNS resolver to ask (repeatable, asked in order; default: the system's).")
    List<String> resolvers = new ArrayList<>();

    @Option(names = "--ca-file", paramLabel = "PEM",
            description = "CA certificates (PEM) to trust instead of the JDK's (repeatable), e.g. a private CA.")
    List<Path> caFiles = new ArrayList<>();

    @Option(names = "--connect-to", paramLabel = "HOST=TARGET", converter = VerifyConverters.Pin.class,
            description = {"Connect to TARGET (an address or host name) whenever HOST is asked for, keeping HOST for SNI,"
                    + " certificate checks and Host (repeatable).",
                    "curl's HOST1:PORT1:HOST2:PORT2 is taken too."})
    List<ConnectTo> connectTo = new ArrayList<>();

    @Option(names = "--pre-cutover",
            description = "Before the DNS change (runbook step 3): send TLS and link checks to --cdn-endpoint; DNS is only"
                    + " reported.")
    boolean preCutover;

    @Option(names = "--cdn-endpoint", paramLabel = "HOST",
            description = "The CDN endpoint for --pre-cutover, e.g. d111abcdef8.cloudfront.net (or an address).")
    String cdnEndpoint;

    @Option(names = "--timeout", paramLabel = "TIME", converter = VerifyConverters.Timeout.class,
            description = "The most one domain's checks may take, e.g. 10s, 500ms, 2m or 30 (seconds). Default: 60s.")
    Duration timeout;

    @Option(names = "--allow-addresses", paramLabel = "CIDR[,CIDR...]", split = ",",
            description = {"Address ranges verify may connect to although they are private, loopback, link-local, "
                    + "carrier-grade NAT, multicast or documentation ranges (refused by default: a link domain must not "
                    + "make verify probe the network it runs in), e.g. 127.0.0.0/8,::1/128."})
    List<String> allowAddresses = new ArrayList<>();

    @Option(names = "--concurrency", paramLabel = "N", defaultValue = "16",
            description = "How many domains are checked at once (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--json", description = "Print one JSON object a line per domain (JSON Lines), nothing else.")
    boolean json;

    /**
     * Credentials and endpoint for the live-deployment lookup; {@link Cli} adds these options only to the CLIs whose
     * default target needs it, so the others do not offer flags that would do nothing.
     */
    final ConnectionOptions connection = new ConnectionOptions();

    public VerifyCommand(CliContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public Integer call() {
        CliIo io = ctx.io();
        checkFlags();
        VerifyInput input = new VerifyInput(domains, domainsFile);
        // Everything the user gave is checked before the first packet: a bad line 4,000 must not surface an hour in.
        VerifyInput.Summary summary = input.check();
        LinkProxySpec template = originSpec(summary.firstDomain().orElseThrow());
        Verifier verifier = verifier();
        ExpectedTarget expected = expectTarget != null ? expectTarget : defaultTarget(template, summary);

        VerifyPrinter printer = new VerifyPrinter(io, json, summary.count());
        verifier.verifyAll(requests(input, template, expected), printer);
        printer.finish();
        return printer.ready() == printer.done() ? ExitCode.OK : ExitCode.FAILURE;
    }

    private void checkFlags() {
        if (preCutover != (cdnEndpoint != null)) {
            throw new CommandLine.ParameterException(command.commandLine(),
                    "--pre-cutover and --cdn-endpoint go together: give both (before the DNS change) or neither");
        }
        if (cdnEndpoint != null && !isAddress(cdnEndpoint) && !HostNames.check(cdnEndpoint).ok()) {
            throw new CommandLine.ParameterException(command.commandLine(),
                    "--cdn-endpoint: " + HostNames.check(cdnEndpoint).problem());
        }
        if (link != null && VerifyInput.linkProblem(link) != null) {
            throw new CommandLine.ParameterException(command.commandLine(), "--link: " + VerifyInput.linkProblem(link));
        }
        if (concurrency < 1) {
            throw new CommandLine.ParameterException(command.commandLine(),
                    "--concurrency must be at least 1, got " + concurrency);
        }
    }

    /**
     * A spec that carries only the origin: {@link VerificationRequest#forSpec} takes the origin host, protocol,
     * link-domain header and sample link from it, exactly as for a deployed spec, and the spec's own validation
     * names a bad {@code --origin}.
     */
    private LinkProxySpec originSpec(String someDomain) {
        return LinkProxySpec.builder().linkDomains(someDomain).origin(origin == null ? LinkProxySpec.DEFAULT_ORIGIN : origin)
                .certificate("managed").build();
    }

    private Verifier verifier() {
        Verifier.Builder b = VerifierTls.verifierBuilder().concurrency(concurrency);
        try {
            resolvers.forEach(b::resolvers);
            caFiles.forEach(b::trustPem);
            connectTo.forEach(b::connectTo);
            b.allowAddresses(allowAddresses.toArray(String[]::new));
            if (timeout != null) {
                b.totalTimeout(timeout);
            }
            return b.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            // An unreadable CA file, a resolver that is not an address, no resolver at all: the input's to fix.
            throw new LinkProxyException("verify: " + e.getMessage());
        }
    }

    /**
     * The CDN's own expectation. Where it needs the live deployment (CloudFront's distribution name), this looks it up
     * with whatever credentials the environment has; without them, or on any API failure, it says so on stderr and
     * falls back to the CDN's published target rather than failing a check that needs no account at all.
     */
    private ExpectedTarget defaultTarget(LinkProxySpec template, VerifyInput.Summary summary) {
        ExpectedTargetDefault hook = ctx.expectedTarget();
        if (!hook.readsLiveDeployment()) {
            return hook.fallback();
        }
        // The flags name the domains of one deployment; from a file, the first domain stands for it.
        List<String> lookup = domains.isEmpty() ? List.of(summary.firstDomain().orElseThrow())
                : domains.stream().map(d -> HostNames.check(d).name()).distinct().toList();
        String id = ctx.provider().id();
        try (CdnClient client = ctx.provider().connect(connection.settings(ctx.provider(), ctx.io()))) {
            Optional<Deployment> live = client.find(template.toBuilder().linkDomains(lookup).build());
            ExpectedTarget target = hook.target().apply(live);
            ctx.io().err().println(live.isPresent()
                    ? "expecting " + target + " (" + id + " " + live.get().id() + " serves " + String.join(", ", lookup) + ")"
                    : "expecting " + target + ": no " + id + " deployment serves " + String.join(", ", lookup));
            ctx.io().err().flush();
            return target;
        } catch (RuntimeException e) {
            ctx.io().err().println("expecting " + hook.fallback() + ": the live " + id + " deployment could not be"
                    + " read (" + firstLine(e.getMessage()) + "); give --expect-target to be exact");
            ctx.io().err().flush();
            return hook.fallback();
        }
    }

    /** The requests, built lazily from the input as the verifier takes them. */
    private Iterable<VerificationRequest> requests(VerifyInput input, LinkProxySpec template, ExpectedTarget expected) {
        return () -> {
            Iterator<VerifyInput.Entry> entries = input.entries().iterator();
            return new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return entries.hasNext();
                }

                @Override
                public VerificationRequest next() {
                    VerifyInput.Entry e = entries.next();
                    VerificationRequest.Builder b = VerificationRequest.forSpec(template, e.domain())
                            .expectedTarget(expected);
                    e.link().or(() -> Optional.ofNullable(link)).ifPresent(b::trackedLink);
                    if (preCutover) {
                        b.preCutover(cdnEndpoint);
                    }
                    return b.build();
                }
            };
        };
    }

    private static boolean isAddress(String text) {
        if (!text.contains(":") && !text.matches("[\\d.]+")) {
            return false;
        }
        try {
            Cidr.parse(text);
            return !text.contains("/");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "no detail";
        }
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
