/**
 * DNS providers that speak DNS itself: {@code rfc2136}, dynamic UPDATE (RFC 2136) signed with TSIG (RFC 8945), for
 * BIND, Knot, PowerDNS and most enterprise DNS; and {@code manual}, where a person makes the change linkproxy prints
 * and linkproxy waits until the zone's servers answer it. Found with {@link java.util.ServiceLoader} as
 * {@link dev.linkproxy.core.spi.DnsProvider}s.
 */
package dev.linkproxy.dns;
