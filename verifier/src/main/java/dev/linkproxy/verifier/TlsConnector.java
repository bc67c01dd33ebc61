package dev.linkproxy.verifier;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.GeneralSecurityException;
import java.security.Provider;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;

/**
 * TLS handshakes over a connection the verifier chose itself (the resolved address, a {@code connectTo} target or the
 * CDN endpoint), with SNI set to the name being checked. Only TLS 1.2 and 1.3 are offered. The chain is judged by the
 * configured trust store; the host name is judged afterwards by {@link dev.linkproxy.core.CertificateNames}, not by the JDK.
 *
 * <p>One {@code SSLContext} serves every handshake (building one per handshake costs CPU that bulk runs need for the
 * handshakes themselves), and every handshake is a full one: a resumed session would show no certificate, so the
 * verifier would prove nothing, and a session cache would grow with the number of domains. Hence sessions are
 * invalidated as soon as they are established, and session tickets are refused (see {@link #noResumption}).
 */
final class TlsConnector {

    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
    /** The longest ticket lifetime TLS allows (RFC 8446 4.6.1): 7 days, in seconds. */
    private static final int MAX_TICKET_LIFETIME = 7 * 24 * 3600;

    private final Dialer dialer;
    private final TrustMaterial trust;
    private final RecordingTrustManager recorder;
    private final SSLContext context;

    /** With {@code provider}'s TLS, or the JDK's; the chain is judged by {@code trust} either way. */
    TlsConnector(Dialer dialer, TrustMaterial trust, Optional<Provider> provider) {
        this.dialer = dialer;
        this.trust = trust;
        this.recorder = new RecordingTrustManager(trust.trustManager());
        try {
            this.context = provider.isPresent() ? SSLContext.getInstance("TLS", provider.get())
                    : SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {recorder}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot create a TLS context: " + e.getMessage(), e);
        }
        noResumption(context.getClientSessionContext());
    }

    /**
     * Keeps the client session cache empty. TLS 1.2 sessions are invalidated after each handshake (which takes them out
     * of the cache); TLS 1.3 tickets arrive after the handshake, and the JDK discards every ticket when the cache's
     * session lifetime is longer than a ticket may live. The cache size of 1 bounds whatever slips through. (With
     * Conscrypt's TLS the same test shows no resumption: {@code VerifierTest}, run with either provider.)
     */
    private static void noResumption(SSLSessionContext sessions) {
        sessions.setSessionTimeout(MAX_TICKET_LIFETIME + 1);
        sessions.setSessionCacheSize(1);
    }

    /** The trust manager every handshake goes through (for tests: nothing may stay recorded). */
    RecordingTrustManager recorder() {
        return recorder;
    }

    TrustMaterial trust() {
        return trust;
    }

    Handshake handshake(InetSocketAddress to, String serverName, Deadline deadline) {
        Connection connection;
        try {
            connection = dialer.connect(to, deadline);
        } catch (IOException e) {
            return failed(to, List.of(), Optional.empty(), step(e));
        }
        SSLSocket tls;
        try {
            tls = (SSLSocket) context.getSocketFactory().createSocket(connection.socket(), serverName, to.getPort(), true);
        } catch (IOException e) {
            connection.close();
            return failed(to, List.of(), Optional.empty(), step(e));
        }
        connection.layer(tls);
        RecordingTrustManager.Recording seen = recorder.watch(tls);
        try {
            SSLParameters params = tls.getSSLParameters();
            params.setServerNames(List.of(new SNIHostName(serverName)));
            params.setProtocols(PROTOCOLS);
            tls.setSSLParameters(params);
            tls.setSoTimeout(deadline.millisFor(dialer.limits().handshake()));
            tls.startHandshake();
            SSLSession session = tls.getSession();
            session.invalidate();
            return new Handshake(to, Optional.of(connection), session.getProtocol(), session.getCipherSuite(),
                    seen.chain(), Optional.empty(), Optional.empty());
        } catch (SocketTimeoutException e) {
            connection.close();
            return failed(to, seen, deadline.timedOut("no TLS handshake from " + Addresses.text(to),
                    dialer.limits().handshake()));
        } catch (SSLException e) {
            connection.close();
            return failed(to, seen, deadline.expired() ? deadline.reached() : tlsFailure(to, e));
        } catch (SocketException e) {
            connection.close();
            return failed(to, seen, deadline.expired() ? deadline.reached()
                    : new StepException("TLS handshake with " + Addresses.text(to) + " failed: " + e.getMessage(), e));
        } catch (IOException e) {
            connection.close();
            return failed(to, seen, step(e));
        } finally {
            recorder.forget(tls);
        }
    }

    private static StepException tlsFailure(InetSocketAddress to, SSLException e) {
        String message = String.valueOf(e.getMessage());
        String lower = message.toLowerCase(Locale.ROOT);
        if (lower.contains("protocol_version") || lower.contains("no appropriate protocol")
                || lower.contains("unsupported protocol")) {
            return new StepException(Addresses.text(to) + " offers no TLS 1.2 or newer (only TLS 1.1 or older): "
                    + message, e);
        }
        return new StepException("TLS handshake with " + Addresses.text(to) + " failed: " + message, e);
    }

    private static Handshake failed(InetSocketAddress to, RecordingTrustManager.Recording seen, StepException why) {
        return failed(to, seen.chain(), Optional.ofNullable(seen.rejection()), why);
    }

    private static Handshake failed(InetSocketAddress to, List<X509Certificate> chain,
                                    Optional<CertificateException> rejection, StepException why) {
        return new Handshake(to, Optional.empty(), null, null, chain, rejection, Optional.of(why));
    }

    private static StepException step(IOException e) {
        return e instanceof StepException s ? s : new StepException(e.getMessage(), e);
    }
}
