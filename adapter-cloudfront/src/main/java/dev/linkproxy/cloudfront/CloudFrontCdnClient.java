package dev.linkproxy.cloudfront;

import dev.linkproxy.core.CdnException;
import dev.linkproxy.core.CertificateSource;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.RetryPolicy;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.Change;
import dev.linkproxy.core.spi.CertificateOrder;
import dev.linkproxy.core.spi.CutoverTarget;
import dev.linkproxy.core.spi.Deployment;
import dev.linkproxy.core.spi.Plan;
import dev.linkproxy.core.spi.Progress;
import dev.linkproxy.core.spi.ProgressEvent;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.LongSupplier;
import software.amazon.awssdk.services.cloudfront.model.Distribution;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.DistributionList;
import software.amazon.awssdk.services.cloudfront.model.DistributionSummary;
import software.amazon.awssdk.services.cloudfront.model.GetDistributionConfigResponse;

/**
 * A CloudFront account, read and changed in the order render → find → diff → apply → await. The API calls each
 * operation makes (and so what it costs):
 * <ul>
 *   <li>{@link #find}: {@code ListDistributions}, one call a page of 100, stopping at the distribution that serves
 *       every link domain;</li>
 *   <li>{@link #plan}: find, then {@code GetDistributionConfig} when a distribution exists;</li>
 *   <li>{@link #apply}: create = find + {@code DescribeCertificate} (ACM) + {@code CreateDistribution}; no-op =
 *       find + {@code GetDistributionConfig}, no write; update = find + {@code GetDistributionConfig} +
 *       {@code UpdateDistribution} with {@code If-Match} (+ {@code DescribeCertificate} when the certificate or the
 *       aliases change; + one more read and write after a {@code PreconditionFailed});</li>
 *   <li>{@link #await}: {@code GetDistribution} each poll.</li>
 * </ul>
 * Every call runs under the settings' retry policy. Not thread-safe; one client per thread.
 */
final class CloudFrontCdnClient implements CdnClient {

    private static final String ALREADY_EXISTS = "DistributionAlreadyExists";
    private static final String PRECONDITION_FAILED = "PreconditionFailed";

    private final AwsClients aws;
    private final ApiCalls calls;
    private final CertificateCheck certificates;
    private final AcmCertificates acmCertificates;
    private final DeploymentWaiter waiter;
    private final LongSupplier nanoClock;

    CloudFrontCdnClient(AwsClients aws, RetryPolicy retry, Duration pollInterval, RetryPolicy.Sleeper sleeper,
                        LongSupplier nanoClock) {
        this.aws = aws;
        this.calls = new ApiCalls(retry, aws.guard());
        this.certificates = new CertificateCheck(aws.acm(), calls);
        this.acmCertificates = new AcmCertificates(aws.acm(), calls);
        this.waiter = new DeploymentWaiter(id -> readable("GetDistribution", calls.call("GetDistribution",
                () -> aws.cloudFront().getDistribution(r -> r.id(id)).distribution())), pollInterval, sleeper, nanoClock);
        this.nanoClock = nanoClock;
    }

    // ---- find ---------------------------------------------------------------------------------------------------

    /** The distribution whose aliases include the spec's link domains. Reads only: {@code ListDistributions}. */
    /** ACM's four CAA issuer domains (docs.aws.amazon.com/acm/latest/userguide/setup-caa.html). */
    static final List<String> AMAZON_CAA = List.of("amazon.com", "amazontrust.com", "awstrust.com", "amazonaws.com");

    /** Amazon's, for {@code certificate: managed} (ACM issues it); none for an existing certificate. */
    @Override
    public List<String> certificateAuthorities(LinkProxySpec spec) {
        return spec.certificate() instanceof CertificateSource.Managed ? AMAZON_CAA : List.of();
    }

    /** For {@code certificate: managed}: the ISSUED (else pending) ACM certificate covering the link domains. */
    @Override
    public Optional<CertificateOrder> findCertificate(LinkProxySpec spec) {
        return spec.certificate() instanceof CertificateSource.Managed ? acmCertificates.find(spec.linkDomains())
                : Optional.empty();
    }

    /** Finds it, else requests one in us-east-1 with DNS validation (idempotent: no second certificate on a retry). */
    @Override
    public Optional<CertificateOrder> orderCertificate(LinkProxySpec spec, Progress progress) {
        if (!(spec.certificate() instanceof CertificateSource.Managed)) {
            return Optional.empty();
        }
        return Optional.of(acmCertificates.findOrRequest(spec.linkDomains(), progress));
    }

    @Override
    public CertificateOrder refreshCertificate(CertificateOrder order) {
        return acmCertificates.describe(order.id());
    }

    /**
     * The spec with {@code certificate: managed} replaced by the ISSUED ACM certificate that covers its link domains,
     * or empty when there is none yet. Any other spec as it is.
     */
    private Optional<LinkProxySpec> resolved(LinkProxySpec spec) {
        if (!(spec.certificate() instanceof CertificateSource.Managed)) {
            return Optional.of(spec);
        }
        return acmCertificates.find(spec.linkDomains()).filter(o -> o.state() == CertificateOrder.State.ISSUED)
                .map(o -> spec.toBuilder().certificate("acm:" + o.id()).build());
    }

    private LinkProxySpec requireResolved(LinkProxySpec spec) {
        return resolved(spec).orElseThrow(() -> CdnException.builder(CloudFrontProvider.ID, "ListCertificates",
                        CdnException.Kind.INVALID_REQUEST)
                .detail("certificate: managed, and no ISSUED ACM certificate in us-east-1 covers "
                        + String.join(", ", spec.linkDomains()) + " yet")
                .hint("run onboard, which requests one and publishes its validation records through your DNS"
                        + " provider, or give certificate: acm:<arn>")
                .build());
    }

    @Override
    public Optional<Deployment> find(LinkProxySpec spec) {
        return locate(spec.linkDomains()).map(s -> deployment(s.id(), s.arn(), s.domainName(), s.status(),
                s.aliases().items(), spec, ""));
    }

    /**
     * Pages through ListDistributions for a distribution with any of the link domains as alias. An alias belongs to
     * at most one distribution, so the search stops at one that holds them all.
     *
     * @throws CdnException CONFLICT when the link domains are spread over several distributions
     */
    private Optional<DistributionSummary> locate(List<String> linkDomains) {
        Set<String> wanted = new HashSet<>(linkDomains);
        Map<String, DistributionSummary> matches = new LinkedHashMap<>();
        String marker = null;
        do {
            String page = marker;
            DistributionList list = calls.call("ListDistributions",
                    () -> aws.cloudFront().listDistributions(r -> r.marker(page)).distributionList());
            // An answer without the list's required members is not an empty account: taking it for one would create.
            readable("ListDistributions", list != null && list.quantity() != null && list.isTruncated() != null,
                    "no DistributionList");
            for (DistributionSummary s : list.items()) {
                List<String> aliases = s.aliases() == null ? List.of() : s.aliases().items();
                if (aliases.stream().anyMatch(wanted::contains)) {
                    matches.put(s.id(), s);
                    if (aliases.containsAll(wanted)) {
                        return Optional.of(s);
                    }
                }
            }
            marker = Boolean.TRUE.equals(list.isTruncated()) ? list.nextMarker() : null;
        } while (marker != null && !marker.isEmpty());
        if (matches.size() > 1) {
            List<String> where = new ArrayList<>();
            matches.values().forEach(s -> where.add(s.id() + " (" + String.join(", ", s.aliases().items()) + ")"));
            throw CdnException.builder(CloudFrontProvider.ID, "ListDistributions", CdnException.Kind.CONFLICT)
                    .detail("the link domains are served by several distributions: " + String.join("; ", where))
                    .hint("one spec is one distribution: move the aliases onto one of them, or write one spec per"
                            + " distribution")
                    .build();
        }
        return matches.values().stream().findFirst();
    }

    // ---- diff ---------------------------------------------------------------------------------------------------

    /** Render, find, diff: reads only ({@code ListDistributions}, then {@code GetDistributionConfig}). */
    @Override
    public Plan plan(LinkProxySpec asGiven) {
        Optional<LinkProxySpec> resolved = resolved(asGiven);
        if (resolved.isEmpty()) {
            Optional<CertificateOrder> pending = acmCertificates.find(asGiven.linkDomains());
            return new Plan(CloudFrontProvider.ID, "", List.of(Change.create("certificate", pending
                    .map(o -> "ACM certificate " + o.id() + " is " + o.providerState() + ": publish its validation"
                            + " records (onboard does)")
                    .orElse("an ACM certificate in us-east-1 for " + String.join(", ", asGiven.linkDomains())
                            + " (DNS validation)")), Change.create("distribution", summary(asGiven)
                    + "; once the certificate is issued")), List.of("certificate: managed: the distribution is"
                    + " planned in full once ACM has issued the certificate"));
        }
        LinkProxySpec spec = resolved.get();
        DistributionConfigRenderer.Rendered rendered = DistributionConfigRenderer.render(spec);
        Optional<DistributionSummary> live = locate(spec.linkDomains());
        if (live.isEmpty()) {
            return new Plan(CloudFrontProvider.ID, "", List.of(Change.create("distribution", summary(spec))),
                    rendered.notes());
        }
        String id = live.get().id();
        DistributionDiff diff = DistributionDiff.between(id, readConfig(id).distributionConfig(), rendered.config());
        return new Plan(CloudFrontProvider.ID, id, diff.changes(), notes(rendered, diff));
    }

    private GetDistributionConfigResponse readConfig(String id) {
        GetDistributionConfigResponse r = calls.call("GetDistributionConfig",
                () -> aws.cloudFront().getDistributionConfig(q -> q.id(id)));
        readable("GetDistributionConfig", r.distributionConfig() != null
                && r.distributionConfig().callerReference() != null && r.eTag() != null, "no DistributionConfig and ETag");
        return r;
    }

    /** A distribution as an answer carries it: with an id and a domain name, or the answer was not readable. */
    private static Distribution readable(String operation, Distribution d) {
        readable(operation, d != null && d.id() != null && d.domainName() != null, "no Distribution");
        return d;
    }

    /**
     * A 2xx answer the SDK read without complaint but which lacks what the API always sends (an HTML page, an empty
     * or cut-off body): an UNEXPECTED_RESPONSE naming the call, never taken for an empty or partial truth.
     */
    private static void readable(String operation, boolean ok, String what) {
        if (!ok) {
            throw CdnException.builder(CloudFrontProvider.ID, operation, CdnException.Kind.UNEXPECTED_RESPONSE)
                    .detail("AWS answered with " + what)
                    .hint("AWS answered something linkproxy could not read (a proxy's page, an empty or cut-off body);"
                            + " run again")
                    .build();
        }
    }

    // ---- apply --------------------------------------------------------------------------------------------------

    /** Creates the distribution, or updates its managed fields, or writes nothing when it already matches. */
    @Override
    public Deployment apply(LinkProxySpec asGiven, Progress progress) {
        long start = nanoClock.getAsLong();
        LinkProxySpec spec = requireResolved(asGiven);
        DistributionConfigRenderer.Rendered rendered = DistributionConfigRenderer.render(spec);
        Optional<DistributionSummary> live = locate(spec.linkDomains());
        if (live.isEmpty()) {
            return create(spec, rendered.config(), progress, start);
        }
        return update(spec, live.get(), rendered.config(), progress, start);
    }

    private Deployment create(LinkProxySpec spec, DistributionConfig config, Progress progress, long start) {
        String arn = ((CertificateSource.Acm) spec.certificate()).arn();
        report(progress, start, "certificate", "checking ACM certificate " + arn);
        String certificateState = certificates.require(arn, spec.linkDomains());
        report(progress, start, "create", "creating a distribution for " + String.join(", ", spec.linkDomains()));
        try {
            Distribution d = readable("CreateDistribution", calls.call("CreateDistribution",
                    () -> aws.cloudFront().createDistribution(r -> r.distributionConfig(config)).distribution()));
            report(progress, start, "create", "created distribution " + d.id() + "; CNAME target " + d.domainName());
            return deployment(d, spec, certificateState);
        } catch (CdnException e) {
            if (!e.errorCode().orElse("").equals(ALREADY_EXISTS)) {
                throw e;
            }
            // The CallerReference was used before: an earlier create succeeded but its answer was lost.
            report(progress, start, "create", "an earlier create of this distribution succeeded; looking it up");
            DistributionSummary s = locate(spec.linkDomains()).orElseThrow(() -> CdnException.builder(
                            CloudFrontProvider.ID, "CreateDistribution", CdnException.Kind.CONFLICT)
                    .httpStatus(e.httpStatus()).errorCode(ALREADY_EXISTS)
                    .detail("a distribution was created with CallerReference " + config.callerReference()
                            + " but no distribution has the link domains as aliases any more")
                    .hint("find it in the CloudFront console (its comment starts with \"linkproxy:\") and add the"
                            + " aliases back, or delete it")
                    .cause(e).build());
            return deployment(s.id(), s.arn(), s.domainName(), s.status(), s.aliases().items(), spec, certificateState);
        }
    }

    private Deployment update(LinkProxySpec spec, DistributionSummary summary, DistributionConfig rendered,
                              Progress progress, long start) {
        String id = summary.id();
        GetDistributionConfigResponse live = readConfig(id);
        boolean certificateChecked = false;
        for (int attempt = 1; ; attempt++) {
            DistributionDiff diff = DistributionDiff.between(id, live.distributionConfig(), rendered);
            if (diff.isEmpty()) {
                report(progress, start, "update", "distribution " + id + " already matches the spec");
                return deployment(id, summary.arn(), summary.domainName(), summary.status(),
                        summary.aliases().items(), spec, "");
            }
            if (diff.touchesCertificate() && !certificateChecked) {
                String arn = ((CertificateSource.Acm) spec.certificate()).arn();
                report(progress, start, "certificate", "checking ACM certificate " + arn);
                certificates.require(arn, spec.linkDomains());
                certificateChecked = true;
            }
            report(progress, start, "update", "updating distribution " + id + ": " + diff.changes().size()
                    + (diff.changes().size() == 1 ? " change" : " changes"));
            String etag = live.eTag();
            try {
                Distribution d = readable("UpdateDistribution", calls.call("UpdateDistribution", () -> aws.cloudFront()
                        .updateDistribution(r -> r.id(id).ifMatch(etag).distributionConfig(diff.merged()))
                        .distribution()));
                report(progress, start, "update", "updated distribution " + id);
                return deployment(d, spec, "");
            } catch (CdnException e) {
                if (attempt > 1 || !e.errorCode().orElse("").equals(PRECONDITION_FAILED)) {
                    throw e;
                }
                // Someone changed the distribution between our read and our write: merge into the new version.
                report(progress, start, "update", "distribution " + id + " changed meanwhile; reading it again");
                live = readConfig(id);
            }
        }
    }

    // ---- await --------------------------------------------------------------------------------------------------

    /** Polls {@code GetDistribution} until {@code Deployed}; see {@link DeploymentWaiter}. */
    @Override
    public Deployment await(Deployment deployment, Duration timeout, Progress progress) {
        Distribution d = waiter.await(deployment.id(), timeout, progress);
        return new Deployment(CloudFrontProvider.ID, d.id(), deployment.resources(), deployment.linkDomains(),
                CutoverTarget.cname(d.domainName()), Deployment.Status.DEPLOYED, deployment.certificateState());
    }

    @Override
    public void close() {
        aws.close();
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static Deployment deployment(Distribution d, LinkProxySpec spec, String certificateState) {
        List<String> aliases = d.distributionConfig() == null || d.distributionConfig().aliases() == null
                ? spec.linkDomains() : d.distributionConfig().aliases().items();
        return deployment(d.id(), d.arn(), d.domainName(), d.status(), aliases, spec, certificateState);
    }

    private static Deployment deployment(String id, String arn, String domainName, String status, List<String> aliases,
                                         LinkProxySpec spec, String certificateState) {
        Map<String, String> resources = new LinkedHashMap<>();
        if (arn != null) {
            resources.put("arn", arn);
        }
        resources.put("domainName", domainName);
        // The spec's link domains this distribution serves, in the spec's order.
        List<String> served = spec.linkDomains().stream().filter(aliases::contains).toList();
        return new Deployment(CloudFrontProvider.ID, id, resources, served, CutoverTarget.cname(domainName),
                "Deployed".equals(status) ? Deployment.Status.DEPLOYED : Deployment.Status.IN_PROGRESS,
                certificateState);
    }

    private static String summary(LinkProxySpec spec) {
        return "aliases " + String.join(", ", spec.linkDomains()) + "; origin " + spec.origin().host() + " ("
                + spec.originProtocol().wireName() + "); certificate " + spec.certificate() + "; forwarding "
                + spec.forwarding().wireName();
    }

    private static List<String> notes(DistributionConfigRenderer.Rendered rendered, DistributionDiff diff) {
        List<String> notes = new ArrayList<>(rendered.notes());
        if (!diff.keptAliases().isEmpty()) {
            notes.add("aliases not in the spec are kept: " + String.join(", ", diff.keptAliases()));
        }
        return notes;
    }

    private void report(Progress progress, long start, String stage, String message) {
        progress.report(new ProgressEvent(CloudFrontProvider.ID, stage, message,
                Duration.ofNanos(nanoClock.getAsLong() - start)));
    }
}
