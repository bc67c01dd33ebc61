package dev.linkproxy.core.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.core.CdnException;
import dev.linkproxy.core.CdnProviders;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.RetryPolicy;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.CdnProvider;
import dev.linkproxy.core.spi.Deployment;
import dev.linkproxy.core.spi.NativeConfig;
import dev.linkproxy.core.spi.Plan;
import dev.linkproxy.core.spi.Progress;
import dev.linkproxy.core.spi.ProviderSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The contract every CDN adapter passes (DESIGN §5). An adapter's test extends it, stubs its API (WireMock) and
 * supplies the provider, a spec it can serve, settings pointing at the stub, the stub's count of writes, and a way to
 * make the stub fail. JUnit makes a new instance per test, so each test starts from an empty stubbed account.
 */
public abstract class CdnProviderContract {

    /** The provider under test, as a fresh instance. */
    protected abstract CdnProvider provider();

    /**
     * A spec this provider can serve: by default two link domains of the runbook with a CDN-managed certificate;
     * a CDN that needs another certificate source (CloudFront: {@code acm:}) overrides it.
     */
    protected LinkProxySpec spec() {
        return LinkProxySpec.builder()
                .linkDomains("ablink.news.example.com", "ablink.info.example.com")
                .certificate("managed")
                .build();
    }

    /** Settings pointing at the stubbed API; the contract replaces the retry policy with one that does not sleep. */
    protected abstract ProviderSettings settings();

    /** Writes (creates, updates, deletes) the stub has received since the test began. */
    protected abstract int writeCount();

    /** From now on, the stub answers every call with {@code fault}. */
    protected abstract void simulate(ApiFault fault);

    /** Secret values held in {@link #settings()}; none may appear in an error message. */
    protected List<String> secretValues() {
        return List.of();
    }

    private ProviderSettings fastSettings() {
        RetryPolicy noSleep = RetryPolicy.builder().maxAttempts(3).sleeper(d -> { }).build();
        return settings().toBuilder().retryPolicy(noSleep).build();
    }

    private <T> T withClient(Function<CdnClient, T> body) {
        try (CdnClient client = provider().connect(fastSettings())) {
            return body.apply(client);
        }
    }

    @Test
    void providerIsFoundByServiceLoaderUnderItsId() {
        CdnProvider found = CdnProviders.get(provider().id());
        assertEquals(provider().getClass(), found.getClass());
        assertFalse(found.description().isBlank(), "description");
    }

    @Test
    void renderIsDeterministic() {
        NativeConfig first = provider().render(spec());
        NativeConfig again = provider().render(spec());
        NativeConfig rebuilt = provider().render(spec().toBuilder().build());
        assertEquals(first, again, "two renders of one spec differ");
        assertEquals(first, rebuilt, "renders of equal specs differ");
        assertEquals(first.toJsonText(), again.toJsonText(), "JSON of two renders differs");
    }

    @Test
    void renderIsComplete() {
        LinkProxySpec spec = spec();
        NativeConfig config = provider().render(spec);
        assertEquals(provider().id(), config.provider());
        String json = config.toJsonText();
        for (String domain : spec.linkDomains()) {
            assertTrue(json.contains(domain), "render lacks link domain " + domain);
        }
        assertTrue(json.contains(spec.origin().host()), "render lacks origin " + spec.origin().host());
        // Every setting either changes the render or is named in its notes as not applying to this CDN.
        List<String> variations = new ArrayList<>();
        check(variations, "originReadTimeout", spec.toBuilder().originReadTimeout(Duration.ofSeconds(61)).build());
        check(variations, "originKeepAlive", spec.toBuilder().originKeepAlive(Duration.ofSeconds(17)).build());
        check(variations, "cacheTtl", spec.toBuilder().cacheTtl(Duration.ofSeconds(10)).build());
        check(variations, "ipv6", spec.toBuilder().ipv6(!spec.ipv6()).build());
        check(variations, "origin", spec.toBuilder().origin("links.example.org").build());
        assertTrue(variations.isEmpty(), "settings neither rendered nor noted: " + variations);
    }

    private void check(List<String> missing, String field, LinkProxySpec changed) {
        NativeConfig base = provider().render(spec());
        NativeConfig other = provider().render(changed);
        boolean noted = other.notes().stream().anyMatch(n -> n.contains(field));
        if (base.config().equals(other.config()) && !noted) {
            missing.add(field);
        }
    }

    @Test
    void planReadsOnlyAndProposesCreateOnAnEmptyAccount() {
        Plan plan = withClient(c -> c.plan(spec()));
        assertFalse(plan.isEmpty(), "an empty account needs changes");
        assertEquals(0, writeCount(), "plan wrote");
        assertEquals(Optional.empty(), withClient(c -> c.find(spec())).map(Deployment::id));
    }

    @Test
    void planThenApplyThenPlanIsEmpty() {
        Plan before = withClient(c -> c.plan(spec()));
        assertFalse(before.isEmpty());
        Deployment d = withClient(c -> c.apply(spec(), Progress.NONE));
        assertEquals(provider().id(), d.provider());
        Plan after = withClient(c -> c.plan(spec()));
        assertTrue(after.isEmpty(), "plan after apply:\n" + after.toText());
    }

    @Test
    void secondApplyWritesNothing() {
        Deployment first = withClient(c -> c.apply(spec(), Progress.NONE));
        int writes = writeCount();
        assertTrue(writes > 0, "the first apply wrote nothing");
        Deployment second = withClient(c -> c.apply(spec(), Progress.NONE));
        assertEquals(writes, writeCount(), "the second apply wrote");
        assertEquals(first.id(), second.id());
    }

    @Test
    void appliedDeploymentIsFoundWithItsCutoverTarget() {
        Deployment applied = withClient(c -> c.apply(spec(), Progress.NONE));
        Deployment found = withClient(c -> c.find(spec())).orElseThrow(() -> new AssertionError("not found after apply"));
        assertEquals(applied.id(), found.id());
        assertEquals(spec().linkDomains(), found.linkDomains());
        assertFalse(found.cutoverTarget().hostName().isBlank(), "no cutover target");
    }

    @Test
    void awaitEndsDeployed() {
        Deployment applied = withClient(c -> c.apply(spec(), Progress.NONE));
        List<String> events = new ArrayList<>();
        Deployment done = withClient(c -> c.await(applied, Duration.ofMinutes(5), e -> events.add(e.toString())));
        assertEquals(Deployment.Status.DEPLOYED, done.status());
        assertFalse(events.isEmpty(), "await reported no progress");
    }

    @Test
    void badCredentialsAreAnAuthenticationError() {
        simulate(ApiFault.BAD_CREDENTIALS);
        CdnException e = assertThrows(CdnException.class, () -> withClient(c -> c.apply(spec(), Progress.NONE)));
        assertEquals(CdnException.Kind.AUTHENTICATION, e.kind(), e.getMessage());
        assertNamed(e);
        assertTrue(e.httpStatus() == 401 || e.httpStatus() == 403, "status " + e.httpStatus());
        assertEquals(0, writeCount());
    }

    @Test
    void rateLimitsAreRetriedThenReported() {
        simulate(ApiFault.RATE_LIMITED);
        CdnException e = assertThrows(CdnException.class, () -> withClient(c -> c.plan(spec())));
        assertEquals(CdnException.Kind.RATE_LIMITED, e.kind(), e.getMessage());
        assertEquals(429, e.httpStatus());
        assertNamed(e);
    }

    @Test
    void serverErrorsAreRetriedThenReported() {
        simulate(ApiFault.SERVER_ERROR);
        CdnException e = assertThrows(CdnException.class, () -> withClient(c -> c.plan(spec())));
        assertEquals(CdnException.Kind.SERVER, e.kind(), e.getMessage());
        assertTrue(e.httpStatus() >= 500, "status " + e.httpStatus());
        assertNamed(e);
    }

    private void assertNamed(CdnException e) {
        assertEquals(provider().id(), e.provider());
        assertFalse(e.operation().isBlank(), "operation");
        assertTrue(e.getMessage().contains(e.provider()) && e.getMessage().contains(e.operation()), e.getMessage());
        for (String secret : secretValues()) {
            assertFalse(e.getMessage().contains(secret), "the error message holds a secret");
            assertNotEquals(secret, e.errorCode().orElse(""));
        }
    }
}
