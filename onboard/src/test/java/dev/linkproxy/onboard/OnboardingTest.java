package dev.linkproxy.onboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.memory.MemoryCdn;
import dev.linkproxy.core.memory.MemoryCdnProvider;
import dev.linkproxy.core.memory.MemoryDns;
import dev.linkproxy.core.memory.MemoryDnsProvider;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.verifier.Verifier;
import java.util.Optional;
import dev.linkproxy.core.spi.CertificateOrder;
import dev.linkproxy.core.spi.DnsClient;
import dev.linkproxy.core.spi.NameRecords;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.spi.RecordSet;
import dev.linkproxy.verifier.CaaLookup;
import dev.linkproxy.verifier.support.TestDns;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The onboarding's steps that stop before any verification: a CAA set that forbids the CDN's CA stops it before any
 * certificate request or write, and a dry run reads everything and writes nothing. The full path runs end to end
 * against real Knot and nginx (samples' OnboardCliE2E).
 */
class OnboardingTest {

    private static final String DOMAIN = "ablink.news.customer.test";
    private static final NameRecords AT_ORIGIN = NameRecords.of(RecordSet.cname(DOMAIN, "sendgrid.net",
            Duration.ofHours(1)));

    @TempDir
    Path dir;
    private final TestDns caaDns = TestDns.start();
    private final MemoryCdn cdn = new MemoryCdn().certificateAuthority("memory-ca.test");
    private final MemoryDns dns = new MemoryDns().addZone("customer.test", "ns1.customer.test");

    @AfterEach
    void stop() {
        caaDns.close();
    }

    private OnboardingReport onboard(boolean dryRun) {
        dns.put(AT_ORIGIN);
        LinkProxySpec spec = LinkProxySpec.builder().linkDomains(DOMAIN).certificate("managed").build();
        try (CdnClient c = new MemoryCdnProvider(cdn).connect(ProviderSettings.defaults());
             DnsClient d = new MemoryDnsProvider(dns).connect(ProviderSettings.defaults())) {
            return Onboarding.builder().cdn(c).dns(d, "memory")
                    .caa(CaaLookup.through(List.of(caaDns.address()), Duration.ofSeconds(2)))
                    .cutover(b -> b.journal(dir.resolve("journal.jsonl"))).dryRun(dryRun).build().run(spec);
        }
    }

    @Test
    void aCaaSetThatForbidsTheCdnsCaStopsBeforeAnyCertificateRequestOrWrite() {
        caaDns.caa("customer.test", 0, "issue", "letsencrypt.org");
        OnboardingReport report = onboard(false);
        assertFalse(report.ready());
        OnboardingStep caa = report.steps().stream().filter(s -> s.name().equals("caa")).findFirst().orElseThrow();
        assertEquals(OnboardingStep.Status.FAILED, caa.status(), report.steps().toString());
        assertTrue(caa.detail().contains("its CAA records allow only letsencrypt.org, not memory-ca.test"), caa.detail());
        assertTrue(caa.detail().contains("add customer.test. CAA 0 issue \"memory-ca.test\""), caa.detail());
        assertTrue(report.steps().stream().noneMatch(s -> List.of("certificate", "apply", "cutover")
                .contains(s.name())), report.steps().toString());
        assertEquals(0, cdn.writes(), "nothing applied");
        assertEquals(0, dns.writes(), "nothing changed in DNS");
        assertTrue(report.nextSteps().get(0).contains("To fix: add customer.test. CAA 0 issue"), report.nextSteps().toString());
    }

    @Test
    void aDryRunReadsEverythingWritesNothingAndSaysWhatEachStepWouldDo() {
        OnboardingReport report = onboard(true);
        assertEquals(List.of("preflight", "caa", "dns", "certificate", "apply", "await", "cutover"),
                report.steps().stream().map(OnboardingStep::name).toList());
        assertEquals(List.of(OnboardingStep.Status.WOULD_DO), report.steps().stream()
                .filter(s -> List.of("certificate", "apply", "await", "cutover").contains(s.name()))
                .map(OnboardingStep::status).distinct().toList(), report.steps().toString());
        assertTrue(report.steps().get(1).detail().contains("no CAA records govern"), report.steps().toString());
        assertEquals(0, cdn.writes());
        assertEquals(0, dns.writes());
        assertEquals(AT_ORIGIN, dns.get(DOMAIN));
        assertTrue(report.nextSteps().stream().anyMatch(n -> n.contains("Auto SSL")), "SendGrid's own HTTPS is named");
    }

    /** The memory CDN, whose certificate needs an order with one validation record, issued after two looks. */
    private static final class OrderingCdn implements CdnClient {
        private final CdnClient real;
        private final boolean orderedAtApply;
        private int looks;
        private boolean applied;

        OrderingCdn(CdnClient real, boolean orderedAtApply) {
            this.real = real;
            this.orderedAtApply = orderedAtApply;
        }

        private CertificateOrder order(CertificateOrder.State state) {
            return new CertificateOrder("memory", "order-1", List.of(DOMAIN), state, state.name(),
                    List.of(RecordSet.cname("_acme-challenge." + DOMAIN, "x.validations.test", Duration.ofMinutes(5))),
                    "memory-ca.test");
        }

        @Override
        public Optional<CertificateOrder> findCertificate(LinkProxySpec spec) {
            return orderedAtApply && !applied ? Optional.empty()
                    : Optional.of(order(looks >= 2 ? CertificateOrder.State.ISSUED
                    : CertificateOrder.State.PENDING_VALIDATION));
        }

        @Override
        public Optional<CertificateOrder> orderCertificate(LinkProxySpec spec, dev.linkproxy.core.spi.Progress p) {
            return findCertificate(spec);
        }

        @Override
        public CertificateOrder refreshCertificate(CertificateOrder order) {
            looks++;
            return findCertificate(null).orElseThrow();
        }

        @Override
        public List<String> certificateAuthorities(LinkProxySpec spec) {
            return real.certificateAuthorities(spec);
        }

        @Override
        public Optional<dev.linkproxy.core.spi.Deployment> find(LinkProxySpec spec) {
            return real.find(spec);
        }

        @Override
        public dev.linkproxy.core.spi.Plan plan(LinkProxySpec spec) {
            return real.plan(spec);
        }

        @Override
        public dev.linkproxy.core.spi.Deployment apply(LinkProxySpec spec, dev.linkproxy.core.spi.Progress p) {
            applied = true;
            return real.apply(spec, p);
        }

        @Override
        public dev.linkproxy.core.spi.Deployment await(dev.linkproxy.core.spi.Deployment d, Duration t,
                                                       dev.linkproxy.core.spi.Progress p) {
            return real.await(d, t, p);
        }

        @Override
        public void close() {
            real.close();
        }
    }

    private OnboardingReport onboardOrdering(boolean orderedAtApply, List<Duration> sleeps) {
        dns.put(AT_ORIGIN);
        LinkProxySpec spec = LinkProxySpec.builder().linkDomains(DOMAIN).certificate("managed").build();
        Verifier nowhere = Verifier.builder().resolvers(caaDns.address()).totalTimeout(Duration.ofSeconds(5)).build();
        try (CdnClient c = new OrderingCdn(new MemoryCdnProvider(cdn).connect(ProviderSettings.defaults()),
                orderedAtApply); DnsClient d = new MemoryDnsProvider(dns).connect(ProviderSettings.defaults())) {
            long[] now = {0};
            return Onboarding.builder().cdn(c).dns(d, "memory")
                    .caa(CaaLookup.through(List.of(caaDns.address()), Duration.ofSeconds(2)))
                    .cutover(b -> b.journal(dir.resolve("journal.jsonl")).gate(nowhere).proof(r -> nowhere))
                    .clock(() -> now[0], t -> {
                        sleeps.add(t);
                        now[0] += t.toNanos();
                    }, Duration.ofSeconds(30)).build().run(spec);
        }
    }

    @Test
    void anOrdersValidationRecordsArePublishedThroughTheDnsProviderAndTheOrderAwaitedBeforeApply() {
        List<Duration> sleeps = new java.util.ArrayList<>();
        OnboardingReport report = onboardOrdering(false, sleeps);
        OnboardingStep certificate = report.steps().stream().filter(s -> s.name().equals("certificate")).findFirst()
                .orElseThrow();
        assertEquals(OnboardingStep.Status.DONE, certificate.status(), report.steps().toString());
        assertEquals(NameRecords.of(RecordSet.cname("_acme-challenge." + DOMAIN, "x.validations.test",
                Duration.ofMinutes(5))), dns.get("_acme-challenge." + DOMAIN));
        assertEquals(List.of(Duration.ofSeconds(30), Duration.ofSeconds(30)), sleeps);
        List<String> names = report.steps().stream().map(OnboardingStep::name).toList();
        assertTrue(names.indexOf("certificate") < names.indexOf("apply"), names.toString());
        OnboardingStep cutover = report.steps().get(report.steps().size() - 1);
        assertEquals(OnboardingStep.Status.FAILED, cutover.status(), "the gate fails: no edge answers on loopback");
        assertEquals(AT_ORIGIN, dns.get(DOMAIN), "no record moved without a passing gate");
    }

    @Test
    void anOrderTheCdnPlacesAtApplyIsPublishedAndAwaitedBeforeTheDeployment() {
        List<Duration> sleeps = new java.util.ArrayList<>();
        OnboardingReport report = onboardOrdering(true, sleeps);
        List<String> names = report.steps().stream().map(OnboardingStep::name).toList();
        assertEquals(List.of("preflight", "caa", "dns", "certificate", "apply", "certificate", "await", "cutover"),
                names, report.steps().toString());
        assertEquals(OnboardingStep.Status.SKIPPED, report.steps().get(3).status());
        assertEquals(OnboardingStep.Status.DONE, report.steps().get(5).status(), report.steps().toString());
        assertTrue(dns.get("_acme-challenge." + DOMAIN).cnameTarget().isPresent());
    }
}
