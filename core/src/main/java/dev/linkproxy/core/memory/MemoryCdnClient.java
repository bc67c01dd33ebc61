package dev.linkproxy.core.memory;

import dev.linkproxy.core.CertificateSource;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.linkproxy.core.CdnException;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.RetryPolicy;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.Change;
import dev.linkproxy.core.spi.CutoverTarget;
import dev.linkproxy.core.spi.Deployment;
import dev.linkproxy.core.spi.Plan;
import dev.linkproxy.core.spi.Progress;
import dev.linkproxy.core.spi.ProgressEvent;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.spi.Secret;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/** A client of a {@link MemoryCdn}; every call goes through the settings' {@link RetryPolicy}. */
final class MemoryCdnClient implements CdnClient {

    private final MemoryCdnProvider provider;
    private final MemoryCdn cdn;
    private final Optional<Secret> token;
    private final RetryPolicy retry;

    MemoryCdnClient(MemoryCdnProvider provider, ProviderSettings settings) {
        this.provider = provider;
        this.cdn = provider.cdn();
        this.token = settings.secretOrEnv("token", "LINKPROXY_MEMORY_TOKEN");
        this.retry = settings.retryPolicy();
    }

    /** The memory CDN's own CA, for {@code certificate: managed} ({@link MemoryCdn#certificateAuthority}). */
    @Override
    public List<String> certificateAuthorities(LinkProxySpec spec) {
        return spec.certificate() instanceof CertificateSource.Managed ? List.of(cdn.certificateAuthority())
                : List.of();
    }

    @Override
    public Optional<Deployment> find(LinkProxySpec spec) {
        return read("find", () -> cdn.findByDomains(spec.linkDomains())).map(this::toDeployment);
    }

    @Override
    public Plan plan(LinkProxySpec spec) {
        ObjectNode wanted = provider.render(spec).config();
        Optional<MemoryCdn.Stored> live = read("find", () -> cdn.findByDomains(spec.linkDomains()));
        if (live.isEmpty()) {
            return new Plan(MemoryCdnProvider.ID, "", List.of(Change.create("deployment",
                    "serving " + String.join(", ", spec.linkDomains()))), List.of());
        }
        return new Plan(MemoryCdnProvider.ID, live.get().id(), diff(live.get(), wanted), List.of());
    }

    @Override
    public Deployment apply(LinkProxySpec spec, Progress progress) {
        long start = System.nanoTime();
        Plan plan = plan(spec);
        if (plan.isEmpty()) {
            return find(spec).orElseThrow();
        }
        ObjectNode wanted = provider.render(spec).config();
        MemoryCdn.Stored stored = plan.target().isEmpty()
                ? write("create", () -> cdn.create(wanted, spec.linkDomains()))
                : write("update " + plan.target(), () -> cdn.update(plan.target(), wanted, spec.linkDomains()));
        progress.report(new ProgressEvent(MemoryCdnProvider.ID, plan.target().isEmpty() ? "create" : "update",
                (plan.target().isEmpty() ? "created " : "updated ") + stored.id(), Duration.ofNanos(System.nanoTime() - start)));
        return toDeployment(stored);
    }

    @Override
    public Deployment await(Deployment deployment, Duration timeout, Progress progress) {
        long start = System.nanoTime();
        while (true) {
            MemoryCdn.Stored s = read("get " + deployment.id(), () -> cdn.poll(deployment.id()));
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            progress.report(new ProgressEvent(MemoryCdnProvider.ID, "await", deployment.id() + " is " + s.status(), elapsed));
            if (s.status() == Deployment.Status.DEPLOYED) {
                return toDeployment(s);
            }
            if (elapsed.compareTo(timeout) > 0) {
                throw CdnException.builder(MemoryCdnProvider.ID, "await", CdnException.Kind.TIMEOUT)
                        .detail(deployment.id() + " still " + s.status() + " after " + timeout.toSeconds() + " s")
                        .hint("wait longer, then run status").build();
            }
        }
    }

    @Override
    public void close() {
        // nothing to release
    }

    private static List<Change> diff(MemoryCdn.Stored live, ObjectNode wanted) {
        List<Change> changes = new ArrayList<>();
        for (Map.Entry<String, JsonNode> field : wanted.properties()) {
            JsonNode was = live.config().get(field.getKey());
            if (!field.getValue().equals(was)) {
                changes.add(Change.update("deployment " + live.id(), field.getKey(),
                        was == null ? "(unset)" : was.toString(), field.getValue().toString()));
            }
        }
        return changes;
    }

    private Deployment toDeployment(MemoryCdn.Stored s) {
        return new Deployment(MemoryCdnProvider.ID, s.id(), Map.of(), s.linkDomains(),
                CutoverTarget.cname(s.id() + "." + cdn.cutoverDomain()), s.status(), "ISSUED");
    }

    private <T> T read(String operation, Supplier<T> body) {
        return retry.execute(() -> {
            cdn.call("READ", operation, token);
            return body.get();
        });
    }

    private <T> T write(String operation, Supplier<T> body) {
        return retry.execute(() -> {
            cdn.call("WRITE", operation, token);
            return body.get();
        });
    }
}
