package dev.linkproxy.core.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.linkproxy.core.LinkProxySpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The values adapters hand back: absent optional text reads as empty, never null. */
class SpiValuesTest {

    private static final CutoverTarget TARGET = CutoverTarget.cname("d111.cloudfront.net");

    @Test
    void aCertificateOrderWithoutStatesHasEmptyOnes() {
        CertificateOrder order = new CertificateOrder("cloudfront", "arn:1", List.of("a.example.com"),
                CertificateOrder.State.PENDING_VALIDATION, null, List.of(), null);
        assertEquals("", order.providerState());
        assertEquals("", order.authority());
        CertificateOrder issued = new CertificateOrder("cloudfront", "arn:1", List.of("a.example.com"),
                CertificateOrder.State.ISSUED, "ISSUED", List.of(), "amazon.com");
        assertEquals("ISSUED", issued.providerState());
        assertEquals("amazon.com", issued.authority());
    }

    @Test
    void aDeploymentWithoutACertificateStateHasAnEmptyOne() {
        Deployment d = new Deployment("memory", "mem-1", Map.of(), List.of("a.example.com"), TARGET,
                Deployment.Status.IN_PROGRESS, null);
        assertEquals("", d.certificateState());
        assertEquals("ISSUED", new Deployment("memory", "mem-1", Map.of(), List.of("a.example.com"), TARGET,
                Deployment.Status.IN_PROGRESS, "ISSUED").certificateState());
    }

    @Test
    void withStatusChangesOnlyTheStatus() {
        Deployment d = new Deployment("memory", "mem-1", Map.of("arn", "x"), List.of("a.example.com"), TARGET,
                Deployment.Status.IN_PROGRESS, "ISSUED");
        Deployment deployed = d.withStatus(Deployment.Status.DEPLOYED);
        assertEquals(Deployment.Status.DEPLOYED, deployed.status());
        assertEquals(new Deployment("memory", "mem-1", Map.of("arn", "x"), List.of("a.example.com"), TARGET,
                Deployment.Status.DEPLOYED, "ISSUED"), deployed);
        assertNotEquals(d, deployed);
    }

    @Test
    void aDnsChangeWithoutAnIdHasAnEmptyOne() {
        NameRecords before = NameRecords.none("a.example.com");
        NameRecords after = NameRecords.of(RecordSet.cname("a.example.com", "d111.cloudfront.net", Duration.ofSeconds(60)));
        assertEquals("", new DnsChange("rfc2136", null, "example.com", before, after, Map.of()).id());
        assertEquals("C123", new DnsChange("route53", "C123", "example.com", before, after, Map.of()).id());
    }

    @Test
    void aProgressEventReadsAsOneLine() {
        assertEquals("[cloudfront await +75s] E2ABC is InProgress",
                new ProgressEvent("cloudfront", "await", "E2ABC is InProgress", Duration.ofMillis(75_900)).toString());
    }

    @Test
    void aCutoverTargetSaysWhereToPoint() {
        assertEquals("CNAME d111.cloudfront.net", TARGET.toString());
        assertEquals("ablink.example.com (proxied; addresses in 2 published ranges)", new CutoverTarget(
                "ablink.example.com", List.of("104.16.0.0/13", "172.64.0.0/13"), true).toString());
    }

    @Test
    void byDefaultOrderingACertificateFindsItAndRefreshingReturnsItUnchanged() {
        CertificateOrder order = new CertificateOrder("fake", "o-1", List.of("a.example.com"),
                CertificateOrder.State.ISSUED, "issued", List.of(), "");
        CdnClient client = new CdnClient() {
            @Override
            public Optional<Deployment> find(LinkProxySpec spec) {
                return Optional.empty();
            }

            @Override
            public Plan plan(LinkProxySpec spec) {
                return new Plan("fake", "", List.of(), List.of());
            }

            @Override
            public Deployment apply(LinkProxySpec spec, Progress progress) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Deployment await(Deployment deployment, Duration timeout, Progress progress) {
                return deployment;
            }

            @Override
            public Optional<CertificateOrder> findCertificate(LinkProxySpec spec) {
                return Optional.of(order);
            }

            @Override
            public void close() {
            }
        };
        LinkProxySpec spec = LinkProxySpec.builder().linkDomains("a.example.com").certificate("managed").build();
        assertEquals(Optional.of(order), client.orderCertificate(spec, Progress.NONE));
        assertSame(order, client.refreshCertificate(order));
        assertEquals(List.of(), client.certificateAuthorities(spec));
    }
}
