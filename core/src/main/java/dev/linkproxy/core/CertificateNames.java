package dev.linkproxy.core;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;

/**
 * Which host names a certificate covers, as RFC 6125 §6.4 asks of a modern client: only subjectAltName DNS names count
 * (no fallback to the subject's CN), and a wildcard is a whole left-most label {@code *} standing for exactly one label.
 * One rule for every place that asks: the verifier's TLS check and the adapters' certificate checks.
 */
public final class CertificateNames {

    private static final int DNS_NAME = 2;

    private CertificateNames() {
    }

    /** The certificate's subjectAltName DNS names, in order; empty when it has none. */
    public static List<String> dnsNames(X509Certificate cert) {
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
            // An unreadable extension covers no name; callers report the names they could read.
        }
        return names;
    }

    /** Whether any of the certificate's DNS names covers {@code host}. */
    public static boolean covers(X509Certificate cert, String host) {
        return dnsNames(cert).stream().anyMatch(pattern -> covers(pattern, host));
    }

    /** Whether one certificate name covers {@code host}: equal ignoring case, or {@code *.rest} with one label before rest. */
    public static boolean covers(String pattern, String host) {
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
