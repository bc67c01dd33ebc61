package dev.linkproxy.verifier;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Hands every server chain to the real trust manager and remembers the chain and the verdict, so that a report can
 * show the certificate even when the handshake is refused. It decides nothing itself: whatever the real trust manager
 * rejects is rethrown and fails the handshake. One instance serves one handshake.
 */
final class RecordingTrustManager extends X509ExtendedTrustManager {

    private final X509ExtendedTrustManager delegate;
    private volatile List<X509Certificate> chain = List.of();
    private volatile CertificateException rejection;

    RecordingTrustManager(X509ExtendedTrustManager delegate) {
        this.delegate = delegate;
    }

    List<X509Certificate> chain() {
        return chain;
    }

    CertificateException rejection() {
        return rejection;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certs, String authType, Socket socket) throws CertificateException {
        record(certs, () -> delegate.checkServerTrusted(certs, authType, socket));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certs, String authType, SSLEngine engine) throws CertificateException {
        record(certs, () -> delegate.checkServerTrusted(certs, authType, engine));
    }

    @Override
    public void checkServerTrusted(X509Certificate[] certs, String authType) throws CertificateException {
        record(certs, () -> delegate.checkServerTrusted(certs, authType));
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

    private void record(X509Certificate[] certs, Judgement real) throws CertificateException {
        chain = List.of(certs);
        try {
            real.judge();
        } catch (CertificateException e) {
            rejection = e;
            throw e;
        }
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return delegate.getAcceptedIssuers();
    }
}
