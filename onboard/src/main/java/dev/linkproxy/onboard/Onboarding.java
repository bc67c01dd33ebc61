package dev.linkproxy.onboard;

import dev.linkproxy.core.Caa;
import dev.linkproxy.core.CdnException;
import dev.linkproxy.core.DnsException;
import dev.linkproxy.core.EspAdvice;
import dev.linkproxy.core.LinkProxyException;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.CertificateOrder;
import dev.linkproxy.core.spi.Deployment;
import dev.linkproxy.core.spi.DnsChange;
import dev.linkproxy.core.spi.DnsClient;
import dev.linkproxy.core.spi.NameRecords;
import dev.linkproxy.core.spi.Plan;
import dev.linkproxy.core.spi.Progress;
import dev.linkproxy.core.spi.ProgressEvent;
import dev.linkproxy.core.spi.RecordSet;
import dev.linkproxy.cutover.Cutover;
import dev.linkproxy.cutover.CutoverOutcome;
import dev.linkproxy.verifier.CaaLookup;
import dev.linkproxy.verifier.VerificationRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;
import java.util.function.UnaryOperator;

/**
 * From a spec to SSL click tracking ready, in one call: preflight (the CDN's plan with its own preflight, CAA for
 * the CA that will issue, the link domains' current DNS) → certificate (order, validation records published through
 * the DNS provider, wait until issued) → apply → await → the cutover per link domain (pre-cutover verification as
 * the gate, compare-and-set, proof through the authoritative servers, rollback) → what to ask the ESP.
 *
 * <p>Every step reads live state first, so a run after an interruption picks up where it stopped and a finished
 * onboarding run again writes nothing. A dry run takes every read and reports what each write would be. Nothing is
 * requested from a CA before the CAA records are known to allow it, and no DNS record moves before the gate passes.
 */
public final class Onboarding {

    private static final String ID = "onboard";

    private final CdnClient cdn;
    private final DnsClient dns;
    private final String dnsProvider;
    private final CaaLookup caa;
    private final UnaryOperator<Cutover.Builder> cutover;
    private final Optional<String> trackedLink;
    private final Duration waitTimeout;
    private final Duration certificatePoll;
    private final Progress progress;
    private final boolean dryRun;
    private final LongSupplier nanoClock;
    private final Sleeper sleeper;

    /** Sleeps between looks at a certificate order (injectable, so tests take no time). */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private Onboarding(Builder b) {
        this.cdn = Objects.requireNonNull(b.cdn, "cdn");
        this.dns = Objects.requireNonNull(b.dns, "dns");
        this.dnsProvider = b.dnsProvider;
        this.caa = Objects.requireNonNull(b.caa, "caa");
        this.cutover = Objects.requireNonNull(b.cutover, "cutover");
        this.trackedLink = b.trackedLink;
        this.waitTimeout = b.waitTimeout;
        this.certificatePoll = b.certificatePoll;
        this.progress = b.progress;
        this.dryRun = b.dryRun;
        this.nanoClock = b.nanoClock;
        this.sleeper = b.sleeper;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Runs every step for {@code spec} and reports them; stops at the first failed step. */
    public OnboardingReport run(LinkProxySpec spec) {
        List<OnboardingStep> steps = new ArrayList<>();
        boolean ok = preflight(spec, steps) && certificate(spec, steps);
        Optional<Deployment> deployment = Optional.empty();
        if (ok) {
            deployment = applyAndAwait(spec, steps);
            ok = deployment.isPresent() || dryRun;
        }
        boolean ready = false;
        if (ok) {
            ready = cutover(spec, deployment, steps);
        }
        EspAdvice advice = EspAdvice.forOrigin(spec.origin());
        List<String> next = new ArrayList<>();
        if (ready) {
            next.addAll(advice.afterCutover());
        } else {
            steps.stream().filter(s -> s.status() == OnboardingStep.Status.FAILED).map(OnboardingStep::detail)
                    .forEach(next::add);
        }
        advice.managedHttps().ifPresent(m -> next.add("Note: " + m + " (" + String.join("; ", advice.sources())
                + ")."));
        return new OnboardingReport(spec.linkDomains(), steps, ready, next);
    }

    // ---- preflight ----------------------------------------------------------------------------------------------

    private boolean preflight(LinkProxySpec spec, List<OnboardingStep> steps) {
        Plan plan;
        try {
            plan = cdn.plan(spec);
        } catch (CdnException e) {
            return add(steps, step("preflight", "", OnboardingStep.Status.FAILED, "the CDN refuses: " + e.getMessage()));
        }
        add(steps, step("preflight", "", OnboardingStep.Status.CHECKED,
                "the CDN's plan: " + (plan.isEmpty() ? "no changes" : plan.changes().size() + " change(s)")
                        + (plan.notes().isEmpty() ? "" : "; " + String.join("; ", plan.notes()))));
        boolean ok = true;
        List<String> issuers = cdn.certificateAuthorities(spec);
        for (String domain : spec.linkDomains()) {
            if (issuers.isEmpty()) {
                add(steps, step("caa", domain, OnboardingStep.Status.SKIPPED, "no certificate is issued for this spec"));
            } else {
                ok &= caa(domain, issuers, steps);
            }
        }
        for (String domain : spec.linkDomains()) {
            try {
                // The DNS provider's credentials, read as far as a provider allows without writing: the zone, its
                // servers and the name. Write permission shows only at the first write, which compare-and-set guards.
                String zone = dns.zoneOf(domain);
                List<String> servers = dns.authoritativeServers(zone);
                NameRecords now = dns.read(domain);
                add(steps, step("dns", domain, OnboardingStep.Status.CHECKED, domain + " holds "
                        + (now.isEmpty() ? "nothing" : now.sets().toString()) + (now.proxied() ? " (proxied)" : "")
                        + " in zone " + zone + " (" + dnsProvider + ", served by " + String.join(", ", servers) + ")"));
            } catch (DnsException e) {
                ok = add(steps, step("dns", domain, OnboardingStep.Status.FAILED, e.getMessage()));
            }
        }
        return ok;
    }

    private boolean caa(String domain, List<String> issuers, List<OnboardingStep> steps) {
        CaaLookup.Found found;
        try {
            found = caa.find(domain);
        } catch (LinkProxyException e) {
            return add(steps, step("caa", domain, OnboardingStep.Status.FAILED, e.getMessage()));
        }
        boolean wildcard = domain.startsWith("*.");
        Optional<String> refusal = Caa.refusal(found.records(), issuers, wildcard);
        if (refusal.isEmpty()) {
            return add(steps, step("caa", domain, OnboardingStep.Status.CHECKED, found.at().isEmpty()
                    ? "no CAA records govern " + domain + ": any CA may issue"
                    : "the CAA records at " + found.at() + " allow " + String.join(" or ", issuers)));
        }
        String at = found.at();
        boolean ancestor = domain.equals(at) || domain.endsWith("." + at);
        String fix = ancestor ? "add " + Caa.recordToAdd(at, issuers, wildcard) + " (beside the records there)"
                : at + " is where " + domain + "'s CNAME points (the ESP's origin, until the cutover): its owner must"
                + " allow " + issuers.get(0) + ", or use a CDN whose CA it allows";
        return add(steps, step("caa", domain, OnboardingStep.Status.FAILED, domain + " is governed by the CAA records at "
                + at + " " + found.records() + ": " + refusal.get() + ", not " + String.join(" or ", issuers)
                + "; nothing was requested from any CA. To fix: " + fix));
    }

    // ---- certificate --------------------------------------------------------------------------------------------

    private boolean certificate(LinkProxySpec spec, List<OnboardingStep> steps) {
        Optional<CertificateOrder> found = cdn.findCertificate(spec);
        if (dryRun) {
            return add(steps, step("certificate", "", found.isPresent() ? OnboardingStep.Status.ALREADY
                    : OnboardingStep.Status.WOULD_DO, found.map(o -> "order " + o.id() + " is " + o.providerState())
                    .orElse("would order a certificate where the CDN needs one (" + spec.certificate() + ")")));
        }
        Optional<CertificateOrder> order;
        try {
            order = cdn.orderCertificate(spec, progress);
        } catch (CdnException e) {
            return add(steps, step("certificate", "", OnboardingStep.Status.FAILED, e.getMessage()));
        }
        if (order.isEmpty()) {
            return add(steps, step("certificate", "", OnboardingStep.Status.SKIPPED, "the CDN needs no order for "
                    + spec.certificate() + " (it validates by itself, or the certificate exists)"));
        }
        CertificateOrder o = order.get();
        if (o.state() == CertificateOrder.State.ISSUED) {
            return add(steps, step("certificate", "", OnboardingStep.Status.ALREADY, o.id() + " is issued"));
        }
        try {
            for (RecordSet r : o.validationRecords()) {
                publish(r);
            }
            o = awaitIssued(o);
        } catch (DnsException | CdnException e) {
            return add(steps, step("certificate", "", OnboardingStep.Status.FAILED, e.getMessage()));
        }
        return add(steps, step("certificate", "", o.state() == CertificateOrder.State.ISSUED
                ? OnboardingStep.Status.DONE : OnboardingStep.Status.FAILED, o.id() + " is " + o.providerState()));
    }

    private void publish(RecordSet record) {
        NameRecords wanted = NameRecords.of(record);
        NameRecords now = dns.read(record.name());
        if (now.equals(wanted)) {
            return;
        }
        DnsChange change = dns.replace(now, wanted);
        dns.awaitLive(change, waitTimeout, progress);
    }

    private CertificateOrder awaitIssued(CertificateOrder order) {
        long start = nanoClock.getAsLong();
        CertificateOrder o = order;
        while (o.state() == CertificateOrder.State.PENDING_VALIDATION) {
            Duration elapsed = Duration.ofNanos(nanoClock.getAsLong() - start);
            progress.report(new ProgressEvent(ID, "certificate", o.id() + " is " + o.providerState()
                    + "; waiting for the CA to validate", elapsed));
            if (elapsed.plus(certificatePoll).compareTo(waitTimeout) > 0) {
                break;
            }
            try {
                sleeper.sleep(certificatePoll);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            o = cdn.refreshCertificate(o);
        }
        return o;
    }

    /**
     * A CDN whose apply creates the certificate order itself (Fastly's TLS subscription) has one only now: its
     * validation records are published and the order awaited before the deployment is.
     */
    private boolean lateCertificate(LinkProxySpec spec, List<OnboardingStep> steps) {
        boolean orderedBefore = steps.stream().anyMatch(s -> s.name().equals("certificate")
                && s.status() != OnboardingStep.Status.SKIPPED);
        if (orderedBefore) {
            return true;
        }
        try {
            Optional<CertificateOrder> order = cdn.findCertificate(spec);
            if (order.isEmpty() || order.get().state() == CertificateOrder.State.ISSUED) {
                return true;
            }
            for (RecordSet r : order.get().validationRecords()) {
                publish(r);
            }
            CertificateOrder o = awaitIssued(order.get());
            return add(steps, step("certificate", "", o.state() == CertificateOrder.State.ISSUED
                    ? OnboardingStep.Status.DONE : OnboardingStep.Status.FAILED, o.id() + " is " + o.providerState()
                    + " (its validation records published: " + o.validationRecords().size() + ")"));
        } catch (DnsException | CdnException e) {
            return add(steps, step("certificate", "", OnboardingStep.Status.FAILED, e.getMessage()));
        }
    }

    // ---- apply, await -------------------------------------------------------------------------------------------

    private Optional<Deployment> applyAndAwait(LinkProxySpec spec, List<OnboardingStep> steps) {
        try {
            Optional<Deployment> existing = cdn.find(spec);
            Plan plan = cdn.plan(spec);
            if (dryRun) {
                add(steps, step("apply", "", plan.isEmpty() ? OnboardingStep.Status.ALREADY
                        : OnboardingStep.Status.WOULD_DO, plan.isEmpty() ? "no changes" : plan.toText().trim()));
                add(steps, step("await", "", existing.map(d -> d.status() == Deployment.Status.DEPLOYED)
                        .orElse(false) ? OnboardingStep.Status.ALREADY : OnboardingStep.Status.WOULD_DO,
                        "would wait until the deployment is live at every edge"));
                return existing;
            }
            Deployment d;
            if (plan.isEmpty() && existing.isPresent()) {
                d = existing.get();
                add(steps, step("apply", "", OnboardingStep.Status.ALREADY, d.provider() + " " + d.id()
                        + " already matches the spec"));
            } else {
                d = cdn.apply(spec, progress);
                add(steps, step("apply", "", OnboardingStep.Status.DONE, d.provider() + " " + d.id() + ": "
                        + plan.changes().size() + " change(s) applied"));
            }
            if (!lateCertificate(spec, steps)) {
                return Optional.empty();
            }
            if (d.status() == Deployment.Status.DEPLOYED) {
                add(steps, step("await", "", OnboardingStep.Status.ALREADY, d.id() + " is deployed"));
            } else {
                d = cdn.await(d, waitTimeout, progress);
                add(steps, step("await", "", OnboardingStep.Status.DONE, d.id() + " is " + d.status()));
            }
            return Optional.of(d);
        } catch (CdnException e) {
            add(steps, step("apply", "", OnboardingStep.Status.FAILED, e.getMessage()));
            return Optional.empty();
        }
    }

    // ---- cutover ------------------------------------------------------------------------------------------------

    private boolean cutover(LinkProxySpec spec, Optional<Deployment> deployment, List<OnboardingStep> steps) {
        if (dryRun) {
            for (String domain : spec.linkDomains()) {
                add(steps, step("cutover", domain, OnboardingStep.Status.WOULD_DO, "would point " + domain + " at "
                        + deployment.map(d -> d.cutoverTarget().toString()).orElse("the new deployment")
                        + " once the pre-cutover verification passes, prove it, and roll back if the proof fails"));
            }
            return false;
        }
        Deployment d = deployment.orElseThrow();
        Cutover c = cutover.apply(Cutover.builder()).dns(dns, dnsProvider).progress(progress)
                .cdnReadiness(domain -> d.status() == Deployment.Status.DEPLOYED ? Optional.empty()
                        : Optional.of(d.id() + " is " + d.status())).build();
        boolean ready = true;
        for (String domain : spec.linkDomains()) {
            VerificationRequest.Builder request = VerificationRequest.forSpec(spec, domain);
            trackedLink.ifPresent(request::trackedLink);
            CutoverOutcome o = c.run(request, d.cutoverTarget());
            OnboardingStep.Status status = switch (o.status()) {
                case CUT_OVER -> OnboardingStep.Status.DONE;
                case ALREADY_CUT_OVER -> OnboardingStep.Status.ALREADY;
                default -> OnboardingStep.Status.FAILED;
            };
            add(steps, step("cutover", domain, status, o.message()));
            ready &= o.done();
        }
        return ready;
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private OnboardingStep step(String name, String domain, OnboardingStep.Status status, String detail) {
        OnboardingStep s = new OnboardingStep(name, domain, status, detail);
        progress.report(new ProgressEvent(ID, name, s.toString(), Duration.ZERO));
        return s;
    }

    private static boolean add(List<OnboardingStep> steps, OnboardingStep s) {
        steps.add(s);
        return s.status() != OnboardingStep.Status.FAILED;
    }

    /** Builds an {@link Onboarding}; not thread-safe. */
    public static final class Builder {
        private CdnClient cdn;
        private DnsClient dns;
        private String dnsProvider = "";
        private CaaLookup caa;
        private UnaryOperator<Cutover.Builder> cutover;
        private Optional<String> trackedLink = Optional.empty();
        private Duration waitTimeout = Duration.ofMinutes(60);
        private Duration certificatePoll = Duration.ofSeconds(30);
        private Progress progress = Progress.NONE;
        private boolean dryRun;
        private LongSupplier nanoClock = System::nanoTime;
        private Sleeper sleeper = d -> Thread.sleep(d.toMillis());

        private Builder() {
        }

        /** The CDN's client (the spec is applied through it). */
        public Builder cdn(CdnClient client) {
            this.cdn = client;
            return this;
        }

        /** The DNS provider's client and id: validation records and the cutover go through it. */
        public Builder dns(DnsClient client, String providerId) {
            this.dns = client;
            this.dnsProvider = providerId;
            return this;
        }

        /** How CAA records are looked up (the resolvers a CA would see). */
        public Builder caa(CaaLookup lookup) {
            this.caa = lookup;
            return this;
        }

        /**
         * The cutover's gate, proof, journal and limits, e.g. {@code b -> b.gate(v).proof(f).journal(path)}; the
         * DNS client, the progress and the CDN's readiness are set by the onboarding.
         */
        public Builder cutover(UnaryOperator<Cutover.Builder> configure) {
            this.cutover = configure;
            return this;
        }

        /** A tracked link to prove with, when the ESP preset has none. */
        public Builder trackedLink(String pathAndQuery) {
            this.trackedLink = Optional.of(pathAndQuery);
            return this;
        }

        /** The longest any one wait may take (certificate, deployment); default 60 minutes. */
        public Builder waitTimeout(Duration timeout) {
            this.waitTimeout = timeout;
            return this;
        }

        /** Only reads: report what each step would do. */
        public Builder dryRun(boolean on) {
            this.dryRun = on;
            return this;
        }

        public Builder progress(Progress p) {
            this.progress = p;
            return this;
        }

        /** The time source and sleeper of the certificate wait (tests). */
        public Builder clock(LongSupplier nanos, Sleeper sleeps, Duration poll) {
            this.nanoClock = nanos;
            this.sleeper = sleeps;
            this.certificatePoll = poll;
            return this;
        }

        public Onboarding build() {
            return new Onboarding(this);
        }
    }
}
