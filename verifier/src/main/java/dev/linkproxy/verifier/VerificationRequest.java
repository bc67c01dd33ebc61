package dev.linkproxy.verifier;

import dev.linkproxy.core.EspPreset;
import dev.linkproxy.core.HostNames;
import dev.linkproxy.core.LinkDomainHeader;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.OriginProtocol;
import dev.linkproxy.core.spi.CutoverTarget;
import java.util.Objects;
import java.util.Optional;

/**
 * What to verify for one link domain. Build with {@link #forSpec(LinkProxySpec, String)} or {@link #builder(String)}.
 *
 * @param linkDomain       the branded link domain (normalised)
 * @param originHost       the ESP's tracking origin, asked directly for the answer a tracked link should give
 * @param originProtocol   how the origin is asked (Mailgun's speaks plain HTTP only)
 * @param linkDomainHeader how the origin learns the link domain: {@code Host}, or {@code X-Forwarded-Host}
 * @param trackedLink      an existing tracked link's path and query (e.g. {@code /wf/click?upn=…}); empty when the
 *                         ESP's link format is not known, which skips the link checks
 * @param expectedTarget   where the DNS should point after cutover, when known
 * @param mode             post-cutover (runbook step 5) or pre-cutover (step 3)
 * @param endpoint         for pre-cutover: the CDN endpoint to connect to (a host name or an address literal)
 */
public record VerificationRequest(String linkDomain, String originHost, OriginProtocol originProtocol,
                                  LinkDomainHeader linkDomainHeader, Optional<String> trackedLink,
                                  Optional<ExpectedTarget> expectedTarget, VerificationMode mode,
                                  Optional<String> endpoint) {

    public VerificationRequest {
        Objects.requireNonNull(linkDomain, "linkDomain");
        Objects.requireNonNull(originHost, "originHost");
        Objects.requireNonNull(originProtocol, "originProtocol");
        Objects.requireNonNull(linkDomainHeader, "linkDomainHeader");
        Objects.requireNonNull(mode, "mode");
        if (mode == VerificationMode.PRE_CUTOVER && endpoint.isEmpty()) {
            throw new IllegalArgumentException("pre-cutover needs the CDN endpoint to connect to");
        }
    }

    /** A request for {@code linkDomain} with the spec's origin, link-domain header and the preset's tracked link. */
    public static Builder forSpec(LinkProxySpec spec, String linkDomain) {
        Builder b = new Builder(linkDomain);
        b.originHost = spec.origin().host();
        b.originProtocol = spec.originProtocol();
        b.linkDomainHeader = spec.linkDomainHeader();
        b.trackedLink = spec.origin().espPreset().flatMap(EspPreset::sampleTrackedLink).orElse(null);
        return b;
    }

    /** A request for {@code linkDomain} with the default origin ({@code sendgrid.net}) and its sample tracked link. */
    public static Builder builder(String linkDomain) {
        return new Builder(linkDomain);
    }

    /** Builds a {@link VerificationRequest}; not thread-safe. */
    public static final class Builder {
        private final String linkDomain;
        private String originHost;
        private OriginProtocol originProtocol;
        private LinkDomainHeader linkDomainHeader;
        private String trackedLink;
        private ExpectedTarget expectedTarget;
        private VerificationMode mode = VerificationMode.POST_CUTOVER;
        private String endpoint;

        private Builder(String linkDomain) {
            this.linkDomain = hostName(linkDomain, "link domain");
            EspPreset preset = EspPreset.find(LinkProxySpec.DEFAULT_ORIGIN).orElseThrow();
            this.originHost = preset.originHost();
            this.originProtocol = preset.originProtocol();
            this.linkDomainHeader = preset.linkDomainHeader();
            this.trackedLink = preset.sampleTrackedLink().orElse(null);
        }

        /** The origin's host name (keeps the link-domain header and protocol already set). */
        public Builder originHost(String host) {
            this.originHost = hostName(host, "origin host");
            return this;
        }

        /** How the origin is asked: HTTPS (the default), or plain HTTP for an origin that speaks nothing else. */
        public Builder originProtocol(OriginProtocol protocol) {
            this.originProtocol = protocol;
            return this;
        }

        /** How the origin learns the link domain when asked directly: {@code Host} or {@code X-Forwarded-Host}. */
        public Builder linkDomainHeader(LinkDomainHeader header) {
            this.linkDomainHeader = header;
            return this;
        }

        /** An existing tracked link: a path and query starting with {@code /}. */
        public Builder trackedLink(String pathAndQuery) {
            if (pathAndQuery == null || !pathAndQuery.startsWith("/") || pathAndQuery.chars().anyMatch(c -> c <= ' ')) {
                throw new IllegalArgumentException("a tracked link is a path and query starting with \"/\", e.g. "
                        + "\"/wf/click?upn=…\"; got " + pathAndQuery);
            }
            this.trackedLink = pathAndQuery;
            return this;
        }

        /** Where the DNS should point after cutover; without one, any target but the origin passes. */
        public Builder expectedTarget(ExpectedTarget target) {
            this.expectedTarget = target;
            return this;
        }

        /** The expected target an adapter's deployment gives. */
        public Builder expectedTarget(CutoverTarget target) {
            this.expectedTarget = ExpectedTarget.of(target);
            return this;
        }

        /** Runbook step 5 (the default): judge the link domain through its own DNS. */
        public Builder postCutover() {
            this.mode = VerificationMode.POST_CUTOVER;
            this.endpoint = null;
            return this;
        }

        /** Runbook step 3: send TLS and link checks to {@code cdnEndpoint} (a host name or address literal). */
        public Builder preCutover(String cdnEndpoint) {
            if (cdnEndpoint == null || cdnEndpoint.isBlank()) {
                throw new IllegalArgumentException("pre-cutover needs the CDN endpoint, e.g. d111.cloudfront.net");
            }
            this.mode = VerificationMode.PRE_CUTOVER;
            this.endpoint = cdnEndpoint.trim().toLowerCase(java.util.Locale.ROOT);
            return this;
        }

        /** The request; a pre-cutover request always carries its endpoint. */
        public VerificationRequest build() {
            return new VerificationRequest(linkDomain, originHost, originProtocol, linkDomainHeader,
                    Optional.ofNullable(trackedLink), Optional.ofNullable(expectedTarget), mode,
                    Optional.ofNullable(endpoint));
        }

        private static String hostName(String raw, String what) {
            HostNames.Checked checked = HostNames.check(raw);
            if (!checked.ok()) {
                throw new IllegalArgumentException(what + ": " + checked.problem());
            }
            return checked.name();
        }
    }
}
