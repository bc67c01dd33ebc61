package dev.linkproxy.core.memory;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.linkproxy.core.CdnException;
import dev.linkproxy.core.spi.Deployment;
import dev.linkproxy.core.spi.Secret;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The pretend CDN account behind the {@code memory} provider: what it holds, every call made to it, and faults to
 * answer with. Embedding tools use it to test onboarding flows with no CDN at all. Thread-safe.
 */
public final class MemoryCdn {

    /** One stored deployment. */
    record Stored(String id, ObjectNode config, List<String> linkDomains, Deployment.Status status) {
    }

    private final Map<String, Stored> deployments = new LinkedHashMap<>();
    private final List<String> journal = new ArrayList<>();
    private int writes;
    private int nextId = 1;
    private Secret requiredToken;
    private CdnException.Kind faultKind;
    private int faultStatus;
    private String cutoverDomain = "memory-cdn.test";
    private String certificateAuthority = "memory-ca.test";

    /**
     * Makes each deployment's cutover target {@code <id>.<domain>} (default {@code memory-cdn.test}), so a test can
     * give the "CDN" names its own DNS answers, e.g. a wildcard to a real nginx edge.
     */
    public synchronized MemoryCdn cutoverDomain(String domain) {
        this.cutoverDomain = domain;
        return this;
    }

    synchronized String cutoverDomain() {
        return cutoverDomain;
    }

    /** The CAA issuer domain of the CA this CDN's managed certificates come from (default {@code memory-ca.test}). */
    public synchronized MemoryCdn certificateAuthority(String issuerDomain) {
        this.certificateAuthority = issuerDomain;
        return this;
    }

    synchronized String certificateAuthority() {
        return certificateAuthority;
    }

    /** Makes every call check that the client's {@code token} setting equals {@code token}. */
    public synchronized MemoryCdn requireToken(Secret token) {
        this.requiredToken = token;
        return this;
    }

    /** Answers every call from now on with this failure (e.g. {@code RATE_LIMITED}, 429). */
    public synchronized void failEveryCall(CdnException.Kind kind, int httpStatus) {
        this.faultKind = kind;
        this.faultStatus = httpStatus;
    }

    /** Stops failing calls. */
    public synchronized void clearFaults() {
        this.faultKind = null;
    }

    /** Writes made so far (creates and updates). */
    public synchronized int writes() {
        return writes;
    }

    /** Every call made so far, as {@code "READ find"} or {@code "WRITE update mem-1"}. */
    public synchronized List<String> journal() {
        return List.copyOf(journal);
    }

    /** Changes a stored field behind linkproxy's back, as a person in a console would. */
    public synchronized void edit(String deploymentId, String field, JsonNode value) {
        Stored s = deployments.get(deploymentId);
        if (s == null) {
            throw new IllegalArgumentException("no deployment " + deploymentId);
        }
        s.config().set(field, value);
    }

    /** Ids of every deployment held. */
    public synchronized List<String> deploymentIds() {
        return List.copyOf(deployments.keySet());
    }

    synchronized void call(String kind, String operation, Optional<Secret> token) {
        journal.add(kind + " " + operation);
        if (requiredToken != null && (token.isEmpty() || !token.get().equals(requiredToken))) {
            throw CdnException.builder(MemoryCdnProvider.ID, operation, CdnException.Kind.AUTHENTICATION)
                    .httpStatus(401).errorCode("InvalidToken").detail("the token was refused")
                    .hint("set the memory provider's token setting to the account's token").build();
        }
        if (faultKind != null) {
            CdnException.Builder b = CdnException.builder(MemoryCdnProvider.ID, operation, faultKind)
                    .httpStatus(faultStatus).detail("injected fault");
            if (faultKind == CdnException.Kind.RATE_LIMITED) {
                b.retryAfter(java.time.Duration.ofSeconds(1));
            }
            throw b.build();
        }
        if (kind.equals("WRITE")) {
            writes++;
        }
    }

    synchronized Optional<Stored> findByDomains(List<String> domains) {
        return deployments.values().stream()
                .filter(s -> s.linkDomains().stream().anyMatch(domains::contains))
                .findFirst();
    }

    synchronized Optional<Stored> get(String id) {
        return Optional.ofNullable(deployments.get(id));
    }

    synchronized Stored create(ObjectNode config, List<String> domains) {
        Stored s = new Stored("mem-" + nextId++, config.deepCopy(), List.copyOf(domains), Deployment.Status.IN_PROGRESS);
        deployments.put(s.id(), s);
        return s;
    }

    synchronized Stored update(String id, ObjectNode config, List<String> domains) {
        Stored s = new Stored(id, config.deepCopy(), List.copyOf(domains), Deployment.Status.IN_PROGRESS);
        deployments.put(id, s);
        return s;
    }

    /** A look at a deployment in progress finds it deployed: the memory CDN propagates on the next read. */
    synchronized Stored poll(String id) {
        Stored s = deployments.get(id);
        Stored deployed = new Stored(id, s.config(), s.linkDomains(), Deployment.Status.DEPLOYED);
        deployments.put(id, deployed);
        return s;
    }
}
