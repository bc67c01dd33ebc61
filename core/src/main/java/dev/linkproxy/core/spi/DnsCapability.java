package dev.linkproxy.core.spi;

/**
 * What a {@link DnsProvider} guarantees beyond the {@link DnsClient} contract, so a tool (and the contract kit) can
 * tell a person how safe a change is there.
 */
public enum DnsCapability {
    /**
     * The provider itself refuses a write when the name no longer holds what was read (Route 53's exact-match DELETE,
     * an RFC 2136 prerequisite). Without it the client re-reads just before writing, which leaves a short window.
     */
    SERVER_SIDE_CAS,
    /** The old and the new records are swapped in one transaction: no moment with neither. */
    ATOMIC_REPLACE,
    /** The provider reports when a change is live on its servers (Route 53 {@code INSYNC}, an SOA serial). */
    CHANGE_STATUS,
    /** A person makes the change, from instructions the client prints; the client only reads and waits. */
    MANUAL
}
