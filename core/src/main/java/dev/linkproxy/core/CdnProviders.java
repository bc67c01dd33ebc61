package dev.linkproxy.core;

import dev.linkproxy.core.spi.CdnProvider;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** The CDN providers on the class path, found with {@link ServiceLoader}. */
public final class CdnProviders {

    private CdnProviders() {
    }

    /** Every provider found, ordered by id. */
    public static List<CdnProvider> all() {
        return all(Thread.currentThread().getContextClassLoader());
    }

    /** Every provider {@code loader} finds, ordered by id. */
    public static List<CdnProvider> all(ClassLoader loader) {
        return ServiceLoader.load(CdnProvider.class, loader).stream()
                .map(ServiceLoader.Provider::get)
                .sorted(Comparator.comparing(CdnProvider::id))
                .collect(Collectors.toUnmodifiableList());
    }

    /** The ids of every provider found. */
    public static List<String> ids() {
        return all().stream().map(CdnProvider::id).collect(Collectors.toUnmodifiableList());
    }

    /**
     * The provider with this id.
     *
     * @throws LinkProxyException naming the known ids when none matches
     */
    public static CdnProvider get(String id) {
        List<CdnProvider> providers = all();
        return providers.stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow(() -> new LinkProxyException(
                "no CDN provider \"" + id + "\"; known: "
                        + providers.stream().map(CdnProvider::id).collect(Collectors.joining(", "))
                        + ". Add the adapter's jar (dev.linkproxy:linkproxy-adapter-<id>) to the class path"));
    }
}
