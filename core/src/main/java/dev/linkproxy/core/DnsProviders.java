package dev.linkproxy.core;

import dev.linkproxy.core.spi.DnsProvider;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** The DNS providers on the class path, found with {@link ServiceLoader}. */
public final class DnsProviders {

    private DnsProviders() {
    }

    /** Every provider found, ordered by id. */
    public static List<DnsProvider> all() {
        return all(Thread.currentThread().getContextClassLoader());
    }

    /** Every provider {@code loader} finds, ordered by id. */
    public static List<DnsProvider> all(ClassLoader loader) {
        return ServiceLoader.load(DnsProvider.class, loader).stream()
                .map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparing(DnsProvider::id))
                .collect(Collectors.toUnmodifiableList());
    }

    /** The ids of every provider found. */
    public static List<String> ids() {
        return all().stream().map(DnsProvider::id).collect(Collectors.toUnmodifiableList());
    }

    /**
     * The provider with this id.
     *
     * @throws LinkProxyException naming the known ids when none matches
     */
    public static DnsProvider get(String id) {
        List<DnsProvider> providers = all();
        return providers.stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow(() -> new LinkProxyException(
                "no DNS provider \"" + id + "\"; known: "
                        + providers.stream().map(DnsProvider::id).collect(Collectors.joining(", "))
                        + ". Add the jar that provides it to the class path"));
    }
}
