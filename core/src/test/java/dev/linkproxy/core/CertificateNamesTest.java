package dev.linkproxy.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one name-matching rule, applied to whole certificates. */
class CertificateNamesTest {

    @Test
    void aCertificateCoversAHostWhenAnyOfItsNamesDoes() throws Exception {
        KeyPair keys = TestCertificates.keyPair();
        X509Certificate cert = TestCertificates.certificate(keys, List.of("ablink.example.com", "*.news.example.com"));
        assertEquals(List.of("ablink.example.com", "*.news.example.com"), CertificateNames.dnsNames(cert));
        assertTrue(CertificateNames.covers(cert, "ablink.example.com"));
        assertTrue(CertificateNames.covers(cert, "a.news.example.com"));
        assertFalse(CertificateNames.covers(cert, "b.example.com"));
    }

    @Test
    void aWildcardNeedsANonEmptyLabelInItsPlace() {
        assertFalse(CertificateNames.covers("*.example.com", ".example.com"));
    }

    @Test
    void anEmptyHostIsCoveredByNothing() {
        assertFalse(CertificateNames.covers("example.com", " "));
        assertFalse(CertificateNames.covers("example.com", "."));
    }
}
