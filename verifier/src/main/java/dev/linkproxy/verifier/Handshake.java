package dev.linkproxy.verifier;

import java.net.InetSocketAddress;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/**
 * What one TLS handshake showed.
 *
 * @param address    where it connected
 * @param connection the open connection when the handshake completed, else empty
 * @param protocol   the negotiated protocol, when it completed
 * @param cipher     the negotiated cipher suite, when it completed
 * @param chain      the chain the server sent, when it got that far
 * @param rejection  why the trust store refused the chain, when it did
 * @param failure    why there is no connection, when there is none
 */
record Handshake(InetSocketAddress address, Optional<Connection> connection, String protocol, String cipher,
                 List<X509Certificate> chain, Optional<CertificateException> rejection, Optional<StepException> failure) {

    Optional<X509Certificate> leaf() {
        return chain.isEmpty() ? Optional.empty() : Optional.of(chain.get(0));
    }
}
