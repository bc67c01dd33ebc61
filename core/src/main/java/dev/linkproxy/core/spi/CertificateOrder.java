package dev.linkproxy.core.spi;

import java.util.List;
import java.util.Objects;

/**
 * A certificate a CDN obtains for the link domains, and the DNS records its certificate authority needs published
 * before it issues (ACM's validation CNAMEs, Fastly's {@code _acme-challenge} CNAMEs).
 *
 * @param provider          the CDN provider id
 * @param id                the provider's id of the order (certificate ARN, subscription id, pack id)
 * @param domains           the names it covers
 * @param state             where it stands
 * @param providerState     the state in the provider's own words ({@code PENDING_VALIDATION}, {@code issued})
 * @param validationRecords the records to publish for the CA to validate; empty when the CDN needs none published
 * @param authority         the CAA issuer domain of the CA that will issue it ({@code amazon.com}), or empty
 */
public record CertificateOrder(String provider, String id, List<String> domains, State state, String providerState,
                               List<RecordSet> validationRecords, String authority) {

    /** Where an order stands. */
    public enum State {
        /** Waiting for the validation records to be seen by the CA. */
        PENDING_VALIDATION,
        /** Issued: the CDN can serve it. */
        ISSUED,
        /** Refused or expired; the provider state says why. A new order is needed. */
        FAILED
    }

    public CertificateOrder {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(id, "id");
        domains = List.copyOf(domains);
        Objects.requireNonNull(state, "state");
        providerState = providerState == null ? "" : providerState;
        validationRecords = List.copyOf(validationRecords);
        authority = authority == null ? "" : authority;
    }
}
