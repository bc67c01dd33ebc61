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
}
