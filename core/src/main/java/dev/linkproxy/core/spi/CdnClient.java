package dev.linkproxy.core.spi;

import dev.linkproxy.core.LinkProxySpec;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A connection to one CDN account. Each method names the API calls it makes in its implementation's Javadoc.
 * Errors are {@link dev.linkproxy.core.CdnException}s naming provider, operation and status.
 */
public interface CdnClient extends AutoCloseable {

    /** The deployment that serves the spec's link domains, if any. Reads only. */
    Optional<Deployment> find(LinkProxySpec spec);

    /** What {@link #apply} would change: render, find, diff. Reads only. */
    Plan plan(LinkProxySpec spec);

    /**
     * Makes the CDN match the spec, changing only the fields linkproxy manages. Writes nothing when the plan is
     * empty; a retry after a lost answer never creates a second resource.
     */
    Deployment apply(LinkProxySpec spec, Progress progress);

    /**
     * Waits until {@code deployment} is live at every edge, reporting progress.
     *
     * @throws dev.linkproxy.core.CdnException of kind {@code TIMEOUT} when {@code timeout} passes first
     */
    Deployment await(Deployment deployment, Duration timeout, Progress progress);

    /**
     * The CAA issuer domains (RFC 8659) of the certificate authority that will issue the edge certificate the spec
     * asks this CDN to obtain, e.g. Amazon's four for ACM; a CAA set must allow one of them. Empty when no
     * certificate is issued for the spec ({@code pem:}, an existing {@code acm:<arn>}). Offline.
     */
    default List<String> certificateAuthorities(LinkProxySpec spec) {
        return List.of();
    }

    /**
     * The certificate the spec's {@code certificate: managed} asks this CDN to obtain, as it stands: an order
     * already placed, or an issued certificate that covers every link domain. Empty when there is none yet, or
     * when the spec's certificate needs no order ({@code pem:}, {@code acm:<arn>}) or the CDN validates by itself.
     * Reads only.
     */
    default Optional<CertificateOrder> findCertificate(LinkProxySpec spec) {
        return Optional.empty();
    }

    /**
     * Finds the certificate as {@link #findCertificate} does, else places the order. Idempotent: a retry after a
     * lost answer never places a second order. Empty when the spec needs no order from this CDN.
     */
    default Optional<CertificateOrder> orderCertificate(LinkProxySpec spec, Progress progress) {
        return findCertificate(spec);
    }

    /** The order as it stands now (its state and validation records). Reads only. */
    default CertificateOrder refreshCertificate(CertificateOrder order) {
        return order;
    }

    /** Releases connections; no exception. */
    @Override
    void close();
}
