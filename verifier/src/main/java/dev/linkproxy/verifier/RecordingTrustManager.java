package dev.linkproxy.verifier;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Hands every server chain to the real trust manager and remembers the chain and the verdict for the socket being
 * handshaken, so that a report can show the certificate even when the handshake is refused. It decides nothing itself:
 * whatever the real trust manager rejects is rethrown and fails the handshake.
 *
 * <p>One instance serves every handshake of a verifier (it sits in the verifier's one {@code SSLContext}), so recordings
 * are kept per socket, between {@link #watch} and {@link #forget}: the map holds only handshakes in progress.
 */
final class RecordingTrustManager extends X509ExtendedTrustManager {

    /** What one handshake showed the trust manager. */
    static final class Recording {
        private volatile List<X509Certificate> chain = List.of();
        private volatile CertificateException rejection;

        List<X509Certificate> chain() {
            return chain;
        }

        CertificateException rejection() {
            return rejection;
        }
    }

    /**
     * The longest server chain accepted: the JDK's TLS client refuses longer ones before judging them
     * ({@code jdk.tls.maxCertificateChainLength}, 10 by default), and so does this, for TLS providers that would not.
     */
    static final int MAX_CHAIN_LENGTH = Integer.getInteger("jdk.tls.maxCertificateChainLength", 10);

    private final X509ExtendedTrustManager delegate;
    private final Map<Socket, Recording> recordings = new ConcurrentHashMap<>();

    RecordingTrustManager(X509ExtendedTrustManager delegate) {
        this.delegate = delegate;
    }

    /** Starts recording what {@code socket}'s handshake shows; pair with {@link #forget}. */
    Recording watch(Socket socket) {
        Recording r = new Recording();
        recordings.put(socket, r);
        return r;
    }

    void forget(Socket socket) {
        recordings.remove(socket);
    }

    /** How many handshakes are being recorded now (for tests: it must fall back to zero). */
    int watching() {
        return recordings.size();
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certs, String authType, Socket socket) throws CertificateException {
        record(recordings.get(socket), certs, () -> {
            if (certs.length > MAX_CHAIN_LENGTH) {
                throw new CertificateException("The certificate chain length (" + certs.length
                        + ") exceeds the maximum allowed length (" + MAX_CHAIN_LENGTH + ")");
            }
            delegate.checkServerTrusted(certs, jdkAuthType(authType), socket);
        });
    }

    /**
     * The JDK's name for a handshake's authentication: a TLS provider built on BoringSSL (Conscrypt) calls TLS 1.3's
     * "GENERIC", which the JDK's trust manager, judging the chain whichever provider made the handshake, knows as
     * "UNKNOWN" (any key usage will do, as TLS 1.3 signs with the certificate's key).
     */
    static String jdkAuthType(String authType) {
        return "GENERIC".equals(authType) ? "UNKNOWN" : authType;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certs, String authType, SSLEngine engine) throws CertificateException {
        // The verifier uses sockets only; an engine's handshake is judged, not recorded.
        delegate.checkServerTrusted(certs, authType, engine);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certs, String authType) throws CertificateException {
        delegate.checkServerTrusted(certs, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certs, String authType, Socket socket) throws CertificateException {
        throw new CertificateException("the verifier is a client; it judges no client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certs, String authType, SSLEngine engine) throws CertificateException {
        throw new CertificateException("the verifier is a client; it judges no client certificates");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] certs, String authType) throws CertificateException {
        throw new CertificateException("the verifier is a client; it judges no client certificates");
    }

    /** One of the real trust manager's checks. */
    private interface Judgement {
        void judge() throws CertificateException;
    }

    private static void record(Recording into, X509Certificate[] certs, Judgement real) throws CertificateException {
        if (into != null) {
            into.chain = List.of(certs);
        }
        try {
            real.judge();
        } catch (CertificateException e) {
            if (into != null) {
                into.rejection = e;
            }
            throw e;
        }
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }
}
