package dev.linkproxy.verifier;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Optional;

/** Where a connection for a host and port really goes: the {@code connectTo} rules first, then DNS. */
final class Endpoints {

    private final List<ConnectTo> rules;
    private final DnsResolver dns;

    Endpoints(List<ConnectTo> rules, DnsResolver dns) {
        this.rules = List.copyOf(rules);
        this.dns = dns;
    }

    /**
     * The addresses to connect to for {@code host} on {@code port}.
     *
     * @param known the host's addresses when the caller already resolved it (possibly to none); empty to resolve here
     * @throws StepException when the host (or its {@code connectTo} target) does not resolve
     */
    List<InetSocketAddress> targets(String host, int port, Optional<List<InetAddress>> known, Deadline deadline)
            throws StepException {
        Optional<ConnectTo> rule = rules.stream().filter(r -> r.matches(host, port)).findFirst();
        String targetHost = rule.flatMap(ConnectTo::targetHost).orElse(host);
        int targetPort = rule.map(ConnectTo::targetPort).filter(p -> p != 0).orElse(port);
        List<InetAddress> addresses;
        Optional<InetAddress> literal = Addresses.literal(targetHost);
        if (literal.isPresent()) {
            addresses = List.of(literal.get());
        } else if (targetHost.equals(host) && known.isPresent()) {
            addresses = known.get();
        } else {
            Resolution r = dns.resolve(targetHost, deadline);
            if (r.outcome() != Resolution.Outcome.RESOLVED) {
                throw new StepException(targetHost + " does not resolve: " + r.detail());
            }
            addresses = r.addresses();
        }
        if (addresses.isEmpty()) {
            throw new StepException(targetHost + " has no address to connect to");
        }
        return addresses.stream().map(a -> new InetSocketAddress(a, targetPort)).toList();
    }
}
