package dev.linkproxy.verifier;

import dev.linkproxy.core.CertificateNames;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;

/**
 * Why a handshake does not prove TLS termination for a name, in one clause, or nothing when it does. The order of the
 * questions decides which reason a person reads first: the validity window, then the name, then the chain.
 */
final class CertificateVerdict {

    private CertificateVerdict() {
    }

    static Optional<String> problem(Handshake h, String serverName, Set<X500Principal> anchors, Instant now) {
        Optional<X509Certificate> leaf = h.leaf();
        if (leaf.isEmpty()) {
            return Optional.of(h.failure().map(Throwable::getMessage).orElse("the server sent no certificate"));
        }
        X509Certificate cert = leaf.get();
        if (now.isAfter(cert.getNotAfter().toInstant())) {
            return Optional.of("the certificate expired on " + cert.getNotAfter().toInstant());
        }
        if (now.isBefore(cert.getNotBefore().toInstant())) {
            return Optional.of("the certificate is not valid before " + cert.getNotBefore().toInstant());
        }
        if (!CertificateNames.covers(cert, serverName)) {
            List<String> names = CertificateNames.dnsNames(cert);
            return Optional.of("the certificate does not cover " + serverName + " (it names "
                    + (names.isEmpty() ? "no DNS name in subjectAltName" : String.join(", ", names)) + ")");
        }
        if (h.rejection().isPresent()) {
            return Optional.of(untrusted(h.chain(), anchors, h.rejection().get().getMessage()));
        }
        if (h.failure().isPresent()) {
            return Optional.of(h.failure().get().getMessage());
        }
        if (!"TLSv1.2".equals(h.protocol()) && !"TLSv1.3".equals(h.protocol())) {
            return Optional.of("negotiated " + h.protocol() + "; TLS 1.2 or newer is required");
        }
        return Optional.empty();
    }

    /** The certificate facts a report shows. */
    static Map<String, Object> evidence(X509Certificate cert, Instant now) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("subject", cert.getSubjectX500Principal().getName());
        e.put("issuer", cert.getIssuerX500Principal().getName());
        e.put("sans", CertificateNames.dnsNames(cert));
        e.put("notBefore", cert.getNotBefore().toInstant().toString());
        e.put("notAfter", cert.getNotAfter().toInstant().toString());
        e.put("daysLeft", daysLeft(cert, now));
        return e;
    }

    static long daysLeft(X509Certificate cert, Instant now) {
        return Duration.between(now, cert.getNotAfter().toInstant()).toDays();
    }

    private static String untrusted(List<X509Certificate> chain, Set<X500Principal> anchors, String why) {
        X509Certificate top = chain.get(chain.size() - 1);
        X500Principal issuer = top.getIssuerX500Principal();
        if (issuer.equals(top.getSubjectX500Principal())) {
            return "the chain ends at " + issuer.getName() + ", a CA the trust store does not hold (unknown CA)";
        }
        if (!anchors.contains(issuer)) {
            return "the chain is not trusted: the server sent " + chain.size() + " certificate(s) ending at "
                    + top.getSubjectX500Principal().getName() + ", whose issuer " + issuer.getName()
                    + " it did not send and the trust store does not hold (missing intermediate, or unknown CA)";
        }
        return "the chain is not trusted: " + why;
    }
}
