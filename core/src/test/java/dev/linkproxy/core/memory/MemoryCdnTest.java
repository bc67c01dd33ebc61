package dev.linkproxy.core.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.core.CdnException;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.RetryPolicy;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.Deployment;
import dev.linkproxy.core.spi.ProgressEvent;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.spi.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** What a test of an embedding tool can set up, inject and inspect in the memory CDN. */
class MemoryCdnTest {

    private static final String ARN = "arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab";

    private final MemoryCdnProvider provider = new MemoryCdnProvider();
    private final List<ProgressEvent> events = new ArrayList<>();

    private static LinkProxySpec spec(String domain) {
        return LinkProxySpec.builder().linkDomains(domain).certificate("managed").build();
    }

    private static ProviderSettings settings(RetryPolicy retry) {
        return ProviderSettings.builder().environment(k -> null).retryPolicy(retry).build();
    }

    private CdnClient client() {
        return provider.connect(settings(RetryPolicy.none()));
    }

    @Test
    void eachDeploymentGetsTheNextIdAndServesOnlyItsOwnDomains() {
        try (CdnClient client = client()) {
            Deployment a = client.apply(spec("a.example.com"), events::add);
            Deployment b = client.apply(spec("b.example.com"), events::add);
            assertEquals("mem-1", a.id());
            assertEquals("mem-2", b.id());
            assertEquals("mem-2", client.find(spec("b.example.com")).orElseThrow().id());
            assertEquals(Optional.empty(), client.find(spec("c.example.com")));
        }
        assertEquals(List.of("mem-1", "mem-2"), provider.cdn().deploymentIds());
        assertEquals(List.of("mem-1"), provider.cdn().get("mem-1").map(MemoryCdn.Stored::id).stream().toList());
        assertEquals(2, provider.cdn().writes());
    }

    @Test
    void anApplyReportsWhatItDid() {
        try (CdnClient client = client()) {
            client.apply(spec("a.example.com"), events::add);
            client.apply(LinkProxySpec.builder().linkDomains("a.example.com").certificate("acm:" + ARN).build(), events::add);
        }
        assertEquals(List.of("create", "update"), events.stream().map(ProgressEvent::stage).toList());
        assertEquals(List.of("created mem-1", "updated mem-1"), events.stream().map(ProgressEvent::message).toList());
        for (ProgressEvent e : events) {
            assertEquals("memory", e.provider());
            assertTrue(!e.elapsed().isNegative() && e.elapsed().compareTo(Duration.ofMinutes(1)) < 0, e.toString());
        }
    }

    @Test
    void aDeploymentIsLiveOnTheLookAfterItsApply() {
        try (CdnClient client = client()) {
            Deployment d = client.apply(spec("a.example.com"), events::add);
            assertEquals(Deployment.Status.IN_PROGRESS, d.status());
            events.clear();
            Deployment live = client.await(d, Duration.ofMinutes(1), events::add);
            assertEquals(Deployment.Status.DEPLOYED, live.status());
            assertEquals(List.of("mem-1 is IN_PROGRESS", "mem-1 is DEPLOYED"),
                    events.stream().map(ProgressEvent::message).toList());
        }
    }

    @Test
    void aWaitThatRunsOutSaysWhatToDo() {
        try (CdnClient client = client()) {
            Deployment d = client.apply(spec("a.example.com"), events::add);
            CdnException e = assertThrows(CdnException.class, () -> client.await(d, Duration.ZERO, events::add));
            assertEquals(CdnException.Kind.TIMEOUT, e.kind());
            assertEquals("memory await failed: mem-1 still IN_PROGRESS after 0 s. wait longer, then run status",
                    e.getMessage());
        }
    }

    @Test
    void theCutoverTargetAndTheCertificateAuthorityCanBeChosen() {
        provider.cdn().certificateAuthority("ca.example").cutoverDomain("edge.test");
        try (CdnClient client = client()) {
            assertEquals("mem-1.edge.test", client.apply(spec("a.example.com"), events::add).cutoverTarget().hostName());
            assertEquals(List.of("ca.example"), client.certificateAuthorities(spec("a.example.com")));
            assertEquals(List.of(), client.certificateAuthorities(
                    LinkProxySpec.builder().linkDomains("a.example.com").certificate("acm:" + ARN).build()));
        }
    }

    @Test
    void theDefaultCertificateAuthorityAndCutoverDomainAreTheMemoryOnes() {
        try (CdnClient client = client()) {
            assertEquals(List.of("memory-ca.test"), client.certificateAuthorities(spec("a.example.com")));
            assertEquals("mem-1.memory-cdn.test", client.apply(spec("a.example.com"), events::add).cutoverTarget().hostName());
        }
    }

    @Test
    void aRequiredTokenIsCheckedOnEveryCall() {
        provider.cdn().requireToken(Secret.of("right")).cutoverDomain("edge.test").certificateAuthority("ca.example");
        try (CdnClient none = client()) {
            CdnException e = assertThrows(CdnException.class, () -> none.find(spec("a.example.com")));
            assertEquals("memory find failed (HTTP 401, InvalidToken): the token was refused. set the memory provider's"
                    + " token setting to the account's token", e.getMessage());
        }
        try (CdnClient wrong = provider.connect(settings(RetryPolicy.none()).toBuilder()
                .secret("token", Secret.of("wrong")).build())) {
            assertEquals(CdnException.Kind.AUTHENTICATION,
                    assertThrows(CdnException.class, () -> wrong.find(spec("a.example.com"))).kind());
        }
        try (CdnClient right = provider.connect(settings(RetryPolicy.none()).toBuilder()
                .secret("token", Secret.of("right")).build())) {
            assertEquals("mem-1.edge.test", right.apply(spec("a.example.com"), events::add).cutoverTarget().hostName());
            assertEquals(List.of("ca.example"), right.certificateAuthorities(spec("a.example.com")));
        }
    }

    @Test
    void onlyAnInjectedRateLimitAsksForADelay() {
        try (CdnClient client = client()) {
            provider.cdn().failEveryCall(CdnException.Kind.RATE_LIMITED, 429);
            CdnException limited = assertThrows(CdnException.class, () -> client.find(spec("a.example.com")));
            assertEquals(Optional.of(Duration.ofSeconds(1)), limited.retryAfter());
            assertEquals("memory find failed (HTTP 429): injected fault", limited.getMessage());
            provider.cdn().failEveryCall(CdnException.Kind.SERVER, 503);
            assertEquals(Optional.empty(),
                    assertThrows(CdnException.class, () -> client.find(spec("a.example.com"))).retryAfter());
            provider.cdn().clearFaults();
            assertEquals(Optional.empty(), client.find(spec("a.example.com")));
        }
    }
}
