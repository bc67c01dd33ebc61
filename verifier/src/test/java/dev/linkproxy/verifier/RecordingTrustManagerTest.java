package dev.linkproxy.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.linkproxy.verifier.support.TestCa;
import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.junit.jupiter.api.Test;

/** What the recorder adds for TLS providers other than the JDK's, tested whichever provider the suite runs with. */
class RecordingTrustManagerTest {

    private static final TestCa CA = TestCa.create("Linkproxy Recorder Test");

    /** The real trust manager's stand-in: it accepts everything and keeps the authType it was asked with. */
    private final List<String> asked = new ArrayList<>();
    private final RecordingTrustManager recorder = new RecordingTrustManager(new X509ExtendedTrustManager() {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
            asked.add(authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    });

    @Test
    void tls13sGenericAuthenticationReachesTheJdksTrustManagerAsUnknownAndOtherNamesUnchanged() throws Exception {
        X509Certificate[] chain = CA.leaf("a.example.test").chain().toArray(X509Certificate[]::new);
        try (Socket socket = new Socket()) {
            recorder.checkServerTrusted(chain, "GENERIC", socket);
            recorder.checkServerTrusted(chain, "ECDHE_RSA", socket);
        }
        assertEquals(List.of("UNKNOWN", "ECDHE_RSA"), asked);
    }

    @Test
    void aChainLongerThanTheJdksLimitIsRefusedAndRecordedBeforeTheTrustManagerIsAsked() throws Exception {
        X509Certificate[] eleven = CA.deepLeaf(10, "a.example.test").chain().toArray(X509Certificate[]::new);
        X509Certificate[] ten = CA.deepLeaf(9, "a.example.test").chain().toArray(X509Certificate[]::new);
        assertEquals(10, RecordingTrustManager.MAX_CHAIN_LENGTH);
        try (Socket socket = new Socket()) {
            RecordingTrustManager.Recording seen = recorder.watch(socket);
            CertificateException e = assertThrows(CertificateException.class,
                    () -> recorder.checkServerTrusted(eleven, "UNKNOWN", socket));
            assertEquals("The certificate chain length (11) exceeds the maximum allowed length (10)", e.getMessage());
            assertEquals(e, seen.rejection());
            assertEquals(11, seen.chain().size());
            assertEquals(List.of(), asked);
            recorder.checkServerTrusted(ten, "UNKNOWN", socket);
            assertEquals(List.of("UNKNOWN"), asked);
            recorder.forget(socket);
        }
    }
}
