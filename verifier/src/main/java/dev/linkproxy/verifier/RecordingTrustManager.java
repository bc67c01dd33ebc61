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
        record(recordings.get(socket), certs, () -> delegate.checkServerTrusted(certs, authType, socket));
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
