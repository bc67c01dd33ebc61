package dev.linkproxy.verifier;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Host-name matching as RFC 6125 §6.4 asks of a modern client: only DNS names in subjectAltName count (no fallback
 * to the subject's CN), and a wildcard is a whole left-most label {@code *} that stands for exactly one label.
 */
final class HostNameMatcher {

    private static final int DNS_NAME = 2;

    private HostNameMatcher() {
    }

    /** The certificate's subjectAltName DNS names, in order; empty when it has none. */
    static List<String> dnsNames(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        try {
            Collection<List<?>> sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (san.size() >= 2 && Integer.valueOf(DNS_NAME).equals(san.get(0))) {
                        names.add(String.valueOf(san.get(1)));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // An unreadable extension covers no name; the caller reports the names it could read.
        }
        return names;
    }

    static boolean matches(String host, X509Certificate cert) {
        return dnsNames(cert).stream().anyMatch(pattern -> matches(host, pattern));
    }

    static boolean matches(String host, String pattern) {
        String h = normalise(host);
        String p = normalise(pattern);
        if (h.isEmpty() || p.isEmpty()) {
            return false;
        }
        if (!p.startsWith("*.")) {
            return !p.contains("*") && p.equals(h);
        }
        String base = p.substring(2);
        // "*.com" would cover a whole TLD; RFC 6125 leaves it to policy, and browsers refuse it.
        if (base.contains("*") || !base.contains(".")) {
            return false;
        }
        int dot = h.indexOf('.');
        return dot > 0 && h.substring(dot + 1).equals(base);
    }

    private static String normalise(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
    }
}
