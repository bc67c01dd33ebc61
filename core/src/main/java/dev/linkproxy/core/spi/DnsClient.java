package dev.linkproxy.core.spi;

import java.time.Duration;
import java.util.List;

/**
 * A connection to one DNS provider account or server. Errors are {@link dev.linkproxy.core.DnsException}s naming
 * the provider, the operation and what to do.
 */
public interface DnsClient extends AutoCloseable {

    /**
     * The zone apex that holds {@code name} at this provider (longest matching zone).
     *
     * @throws dev.linkproxy.core.DnsException of kind {@code NOT_FOUND} when no zone here holds it
     */
    String zoneOf(String name);

    /** What {@code name} holds now, of the types a cutover changes, as the provider itself serves it. Reads only. */
    NameRecords read(String name);

    /**
     * Replaces what {@code expected.name()} holds with {@code desired}, only if it still equals {@code expected}
     * (a compare-and-set): a concurrent edit by a person or another tool is never overwritten. Atomic where the
     * provider allows it; otherwise the Javadoc of the implementation says how close it comes.
     *
     * @throws dev.linkproxy.core.DnsException of kind {@code CONFLICT} when the name no longer holds
     *         {@code expected}; nothing was written
     */
    DnsChange replace(NameRecords expected, NameRecords desired);

    /**
     * Waits until {@code change} is live at the provider (Route 53 {@code INSYNC}; for a server, its serial),
     * reporting progress.
     *
     * @throws dev.linkproxy.core.DnsException of kind {@code TIMEOUT} when {@code timeout} passes first
     */
    void awaitLive(DnsChange change, Duration timeout, Progress progress);

    /** The host names of the authoritative servers of {@code zone}, as the provider lists them. Reads only. */
    List<String> authoritativeServers(String zone);

    /** Releases connections; no exception. */
    @Override
    void close();
}
