package dev.linkproxy.verifier;

import java.net.InetAddress;
import java.util.List;

/**
 * Where a name leads in DNS.
 *
 * @param outcome   how the walk ended
 * @param chain     the name and every CNAME target followed, in order
 * @param addresses the A and AAAA addresses of the last name, when it resolved
 * @param detail    what the resolvers said, for a person (the rcode, the server, the time limit)
 */
record Resolution(Outcome outcome, List<String> chain, List<InetAddress> addresses, String detail) {

    /** How a CNAME walk ended. */
    enum Outcome {
        RESOLVED, NXDOMAIN, NO_ADDRESSES, DANGLING, LOOP, TOO_LONG, SERVFAIL, TIMEOUT, ERROR
    }

    Resolution {
        chain = List.copyOf(chain);
        addresses = List.copyOf(addresses);
    }

    String last() {
        return chain.get(chain.size() - 1);
    }
}
