package dev.linkproxy.core;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What a link proxy must do, in no CDN's terms: serve the link domains over HTTP and HTTPS with the given
 * certificate, forward everything to the ESP's tracking origin, cache nothing. Immutable and valid: {@link Builder#build()}
 * refuses a spec with problems and lists them all. Defaults are the runbook's values.
 *
 * @param linkDomains       the branded link host names (lower case, A-labels, no trailing dot), at least one
 * @param origin            the ESP's tracking origin (default: the {@code sendgrid} preset)
 * @param originProtocol    how the CDN reaches the origin (default: the preset's; HTTPS only)
 * @param minOriginTls      the lowest TLS version offered to the origin (default 1.2)
 * @param linkDomainHeader  how the origin learns the link domain (default: the preset's; {@code Host})
 * @param originReadTimeout how long the CDN waits for the origin's answer (default 30 s; 1–120 s)
 * @param originKeepAlive   how long the CDN keeps an idle origin connection (default 5 s; 1–120 s)
 * @param viewerProtocol    what mail clients may use (default HTTP and HTTPS)
 * @param methods           methods passed to the origin (default all seven)
 * @param forwarding        how a CDN with two ways of saying "forward everything" says it (default managed policies)
 * @param cacheTtl          how long answers may be cached (default: the preset's; zero, nothing cached)
 * @param certificate       the edge certificate's source (required)
 * @param minViewerTls      the lowest TLS version offered to mail clients (default 1.2)
 * @param httpVersions      HTTP versions offered to mail clients (default 1.0, 1.1, 2)
 * @param ipv6              whether the edge answers over IPv6 (default on)
 * @param priceClass        which edge locations serve (default all; CloudFront only)
 */
public record LinkProxySpec(
        List<String> linkDomains,
        Origin origin,
        OriginProtocol originProtocol,
        TlsVersion minOriginTls,
        LinkDomainHeader linkDomainHeader,
        Duration originReadTimeout,
        Duration originKeepAlive,
        ViewerProtocol viewerProtocol,
        Set<HttpMethod> methods,
        Forwarding forwarding,
        Duration cacheTtl,
        CertificateSource certificate,
        TlsVersion minViewerTls,
        Set<HttpVersion> httpVersions,
        boolean ipv6,
        PriceClass priceClass) {

    /** The origin preset used when none is given: the runbook's {@code sendgrid.net}. */
    public static final String DEFAULT_ORIGIN = "sendgrid";

    /** Builds a spec only through {@link Builder}, so every instance is valid and normalised. */
    public LinkProxySpec {
        linkDomains = List.copyOf(linkDomains);
        methods = Collections.unmodifiableSet(EnumSet.copyOf(methods));
        httpVersions = Collections.unmodifiableSet(EnumSet.copyOf(httpVersions));
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(certificate, "certificate");
    }

    /** A builder with the runbook's defaults; only link domains and a certificate must be set. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * A builder holding every value of this spec. Values that equal the origin preset's defaults are left to follow
     * the preset, so changing the origin also changes them.
     */
    public Builder toBuilder() {
        EspPreset preset = origin.preset();
        OriginProtocol presetProtocol = preset == null ? OriginProtocol.HTTPS_ONLY : preset.originProtocol();
        LinkDomainHeader presetHeader = preset == null ? LinkDomainHeader.HOST : preset.linkDomainHeader();
        Duration presetTtl = preset == null ? Duration.ZERO : preset.cacheTtl();
        return new Builder()
                .linkDomains(linkDomains)
                .origin(origin.toString())
                .originProtocol(originProtocol == presetProtocol ? null : originProtocol)
                .minOriginTls(minOriginTls)
                .linkDomainHeader(linkDomainHeader == presetHeader ? null : linkDomainHeader)
                .originReadTimeout(originReadTimeout)
                .originKeepAlive(originKeepAlive)
                .viewerProtocol(viewerProtocol)
                .methods(methods)
                .forwarding(forwarding)
                .cacheTtl(cacheTtl.equals(presetTtl) ? null : cacheTtl)
                .certificate(certificate)
                .minViewerTls(minViewerTls)
                .httpVersions(httpVersions)
                .ipv6(ipv6)
                .priceClass(priceClass);
    }

    /** Builds and validates a {@link LinkProxySpec}. Not thread-safe; each {@link #build()} returns a new value. */
    public static final class Builder {
        private final List<String> linkDomains = new ArrayList<>();
        private String origin = DEFAULT_ORIGIN;
        private OriginProtocol originProtocol;
        private TlsVersion minOriginTls = TlsVersion.TLS_1_2;
        private LinkDomainHeader linkDomainHeader;
        private Duration originReadTimeout = Duration.ofSeconds(30);
        private Duration originKeepAlive = Duration.ofSeconds(5);
        private ViewerProtocol viewerProtocol = ViewerProtocol.HTTP_AND_HTTPS;
        private Set<HttpMethod> methods = EnumSet.allOf(HttpMethod.class);
        private Forwarding forwarding = Forwarding.MANAGED_POLICIES;
        private Duration cacheTtl;
        private String certificateText;
        private CertificateSource certificate;
        private TlsVersion minViewerTls = TlsVersion.TLS_1_2;
        private Set<HttpVersion> httpVersions = EnumSet.of(HttpVersion.HTTP_1_0, HttpVersion.HTTP_1_1, HttpVersion.HTTP_2);
        private boolean ipv6 = true;
        private PriceClass priceClass = PriceClass.ALL;

        private Builder() {
        }

        /** Replaces the link domains. */
        public Builder linkDomains(Collection<String> domains) {
            linkDomains.clear();
            linkDomains.addAll(domains);
            return this;
        }

        /** Replaces the link domains. */
        public Builder linkDomains(String... domains) {
            return linkDomains(Arrays.asList(domains));
        }

        /** Adds one link domain. */
        public Builder addLinkDomain(String domain) {
            linkDomains.add(domain);
            return this;
        }

        /** An ESP preset ({@link EspPreset#names()}) or the origin's host name. */
        public Builder origin(String origin) {
            this.origin = origin;
            return this;
        }

        /** Overrides the preset's origin protocol; {@code null} restores it. */
        public Builder originProtocol(OriginProtocol protocol) {
            this.originProtocol = protocol;
            return this;
        }

        public Builder minOriginTls(TlsVersion version) {
            this.minOriginTls = version;
            return this;
        }

        /** Overrides the preset's link-domain header; {@code null} restores it. */
        public Builder linkDomainHeader(LinkDomainHeader header) {
            this.linkDomainHeader = header;
            return this;
        }

        public Builder originReadTimeout(Duration timeout) {
            this.originReadTimeout = timeout;
            return this;
        }

        public Builder originKeepAlive(Duration keepAlive) {
            this.originKeepAlive = keepAlive;
            return this;
        }

        public Builder viewerProtocol(ViewerProtocol protocol) {
            this.viewerProtocol = protocol;
            return this;
        }

        public Builder methods(Collection<HttpMethod> methods) {
            this.methods = methods.isEmpty() ? EnumSet.noneOf(HttpMethod.class) : EnumSet.copyOf(methods);
            return this;
        }

        public Builder forwarding(Forwarding forwarding) {
            this.forwarding = forwarding;
            return this;
        }

        /** Overrides the preset's cache TTL; {@code null} restores it. */
        public Builder cacheTtl(Duration ttl) {
            this.cacheTtl = ttl;
            return this;
        }

        /** The certificate in its spec-file spelling ({@link CertificateSource#FORMS}); checked on build. */
        public Builder certificate(String text) {
            this.certificateText = text;
            this.certificate = null;
            return this;
        }

        public Builder certificate(CertificateSource source) {
            this.certificate = source;
            this.certificateText = null;
            return this;
        }

        public Builder minViewerTls(TlsVersion version) {
            this.minViewerTls = version;
            return this;
        }

        public Builder httpVersions(Collection<HttpVersion> versions) {
            this.httpVersions = versions.isEmpty() ? EnumSet.noneOf(HttpVersion.class) : EnumSet.copyOf(versions);
            return this;
        }

        public Builder ipv6(boolean on) {
            this.ipv6 = on;
            return this;
        }

        public Builder priceClass(PriceClass priceClass) {
            this.priceClass = priceClass;
            return this;
        }

        /**
         * Validates and builds.
         *
         * @throws InvalidSpecException listing every problem, each with its field path
         */
        public LinkProxySpec build() {
            List<SpecProblem> problems = new ArrayList<>();
            Origin resolvedOrigin = resolveOrigin(problems);
            List<String> domains = normaliseDomains(resolvedOrigin, problems);

            EspPreset preset = resolvedOrigin == null ? null : resolvedOrigin.preset();
            OriginProtocol protocol = originProtocol != null ? originProtocol
                    : preset != null ? preset.originProtocol() : OriginProtocol.HTTPS_ONLY;
            if (preset != null && preset.originProtocol() == OriginProtocol.HTTP_ONLY
                    && protocol == OriginProtocol.HTTPS_ONLY) {
                problems.add(new SpecProblem("originProtocol", preset.originHost()
                        + " does not accept HTTPS connections; use \"http-only\""));
            }
            LinkDomainHeader header = linkDomainHeader != null ? linkDomainHeader
                    : preset != null ? preset.linkDomainHeader() : LinkDomainHeader.HOST;
            Duration ttl = cacheTtl != null ? cacheTtl : preset != null ? preset.cacheTtl() : Duration.ZERO;

            requireSeconds("originReadTimeoutSeconds", originReadTimeout, 1, 120, problems);
            requireSeconds("originKeepAliveSeconds", originKeepAlive, 1, 120, problems);
            requireSeconds("cacheTtlSeconds", ttl, 0, 31_536_000, problems);
            if (!methods.contains(HttpMethod.GET) || !methods.contains(HttpMethod.HEAD)) {
                problems.add(new SpecProblem("methods", "GET and HEAD are required; mail clients follow tracked links with them"));
            }
            if (!httpVersions.contains(HttpVersion.HTTP_1_1)) {
                problems.add(new SpecProblem("httpVersions", "HTTP/1.1 is required; mail clients and link scanners speak it"));
            }
            CertificateSource cert = resolveCertificate(problems);
            Map<String, Object> required = new HashMap<>();
            required.put("minOriginTls", minOriginTls);
            required.put("viewerProtocol", viewerProtocol);
            required.put("forwarding", forwarding);
            required.put("minViewerTls", minViewerTls);
            required.put("priceClass", priceClass);
            required.entrySet().stream().filter(e -> e.getValue() == null).map(Map.Entry::getKey).sorted()
                    .forEach(field -> problems.add(new SpecProblem(field, "must not be empty")));

            if (!problems.isEmpty()) {
                throw new InvalidSpecException(problems);
            }
            return new LinkProxySpec(domains, resolvedOrigin, protocol, minOriginTls, header, originReadTimeout,
                    originKeepAlive, viewerProtocol, methods, forwarding, ttl, cert, minViewerTls, httpVersions, ipv6,
                    priceClass);
        }

        private Origin resolveOrigin(List<SpecProblem> problems) {
            if (origin == null || origin.isBlank()) {
                problems.add(new SpecProblem("origin", "empty; name an ESP preset (" + EspPreset.names()
                        + ") or the origin's host name"));
                return null;
            }
            try {
                var preset = EspPreset.find(origin);
                if (preset.isPresent()) {
                    return new Origin(preset.get().originHost(), preset.get());
                }
            } catch (IllegalArgumentException e) {
                problems.add(new SpecProblem("origin", e.getMessage()));
                return null;
            }
            HostNames.Checked host = HostNames.check(origin);
            if (!host.ok()) {
                String hint = origin.contains(".") ? "" : " (presets: " + EspPreset.names() + ")";
                problems.add(new SpecProblem("origin", host.problem().replace("a link domain names one host",
                        "the origin is one host") + hint));
                return null;
            }
            return new Origin(host.name(), null);
        }

        private List<String> normaliseDomains(Origin resolvedOrigin, List<SpecProblem> problems) {
            if (linkDomains.isEmpty()) {
                problems.add(new SpecProblem("linkDomains", "at least one link domain is required, e.g. \"ablink.news.example.com\""));
                return List.of();
            }
            List<String> out = new ArrayList<>();
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < linkDomains.size(); i++) {
                String path = "linkDomains[" + i + "]";
                HostNames.Checked checked = HostNames.check(linkDomains.get(i));
                if (!checked.ok()) {
                    problems.add(new SpecProblem(path, checked.problem()));
                    continue;
                }
                String name = checked.name();
                Integer first = seen.putIfAbsent(name, i);
                if (first != null) {
                    problems.add(new SpecProblem(path, "\"" + name + "\" repeats linkDomains[" + first + "]"));
                    continue;
                }
                if (resolvedOrigin != null && HostNames.isAtOrUnder(name, resolvedOrigin.host())) {
                    problems.add(new SpecProblem(path, "\"" + name + "\" belongs to the origin " + resolvedOrigin.host()
                            + "; a link domain is your own branded host"));
                    continue;
                }
                out.add(name);
            }
            return out;
        }

        private CertificateSource resolveCertificate(List<SpecProblem> problems) {
            if (certificate != null) {
                return certificate;
            }
            try {
                return CertificateSource.parse(certificateText);
            } catch (IllegalArgumentException e) {
                problems.add(new SpecProblem("certificate", e.getMessage()));
                return null;
            }
        }

        private static void requireSeconds(String field, Duration value, long min, long max, List<SpecProblem> problems) {
            if (value == null) {
                problems.add(new SpecProblem(field, "must not be empty"));
            } else if (value.isNegative() || value.getSeconds() < min || value.getSeconds() > max || value.getNano() != 0) {
                String shown = value.getNano() == 0 ? Long.toString(value.getSeconds()) : value.toString();
                problems.add(new SpecProblem(field, shown + " is out of range; use " + min + " to " + max + " seconds"));
            }
        }
    }
}
