package dev.linkproxy.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every validation rule, each with the exact message a person reads. */
class SpecValidationTest {

    private static final String ARN = "arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab";

    private static LinkProxySpec.Builder valid() {
        return LinkProxySpec.builder().linkDomains("ablink.news.example.com").certificate("acm:" + ARN);
    }

    private static Arguments domain(String raw, String message) {
        return Arguments.of("linkDomains " + raw, (UnaryOperator<LinkProxySpec.Builder>) b -> b.linkDomains(raw),
                "linkDomains[0]: " + message);
    }

    private static Arguments field(String name, UnaryOperator<LinkProxySpec.Builder> change, String problem) {
        return Arguments.of(name, change, problem);
    }

    static Stream<Arguments> cases() {
        String long64 = "a".repeat(64);
        String name254 = ("a".repeat(63) + ".").repeat(3) + "b".repeat(58) + ".com";
        return Stream.of(
                domain("*.customer.com", "\"*.customer.com\" is a wildcard; a link domain names one host"),
                domain("ab*.customer.com", "\"ab*.customer.com\" is a wildcard; a link domain names one host"),
                domain("", "empty; give a host name, e.g. \"ablink.news.example.com\""),
                domain("   ", "empty; give a host name, e.g. \"ablink.news.example.com\""),
                domain("192.0.2.10", "\"192.0.2.10\" is an IP address; give a host name"),
                domain("2001:db8::1", "\"2001:db8::1\" is an IP address; give a host name"),
                domain("[2001:db8::1]", "\"[2001:db8::1]\" is an IP address; give a host name"),
                domain("ablink..example.com", "\"ablink..example.com\" has an empty label"),
                domain(".example.com", "\".example.com\" has an empty label"),
                domain("ablink.example.com..", "\"ablink.example.com..\" has an empty label"),
                domain(long64 + ".example.com", "label \"aaaaaaaaaaaa…\" is 64 characters long; the limit is 63"),
                domain(name254, "the name is 254 characters long; the limit is 253"),
                domain("ab_link.example.com", "\"ab_link.example.com\" contains \"_\"; host names use letters, digits and hyphens"),
                domain("ab link.example.com", "\"ab link.example.com\" contains \" \"; host names use letters, digits and hyphens"),
                domain("-ablink.example.com", "label \"-ablink\" starts or ends with a hyphen"),
                domain("ablink-.example.com", "label \"ablink-\" starts or ends with a hyphen"),
                domain("localhost", "\"localhost\" is a single label; give the full name, e.g. \"ablink.example.com\""),
                domain("https://ablink.example.com", "\"https://ablink.example.com\" is a URL; give the host name only"),
                domain("ablink.example.com/wf/click", "\"ablink.example.com/wf/click\" is a URL; give the host name only"),
                domain("ablink.example.123", "\"ablink.example.123\" ends in a numeric label; give a host name"),
                domain("sendgrid.net", "\"sendgrid.net\" belongs to the origin sendgrid.net; a link domain is your own branded host"),
                domain("click.sendgrid.net", "\"click.sendgrid.net\" belongs to the origin sendgrid.net; a link domain is your own branded host"),
                field("no link domain", b -> b.linkDomains(List.of()),
                        "linkDomains: at least one link domain is required, e.g. \"ablink.news.example.com\""),
                field("repeated link domain", b -> b.linkDomains("ablink.example.com", "ABLINK.example.com."),
                        "linkDomains[1]: \"ablink.example.com\" repeats linkDomains[0]"),
                field("empty origin", b -> b.origin(" "),
                        "origin: empty; name an ESP preset (" + EspPreset.names() + ") or the origin's host name"),
                field("unknown preset", b -> b.origin("sendgird"),
                        "origin: \"sendgird\" is a single label; give the full name, e.g. \"ablink.example.com\" (presets: "
                                + EspPreset.names() + ")"),
                field("ses without region", b -> b.origin("ses:"),
                        "origin: \"ses:\" needs an AWS region, e.g. \"ses:us-east-1\""),
                field("ses with a bad region", b -> b.origin("ses:mars"),
                        "origin: \"ses:mars\" does not name an AWS region; use e.g. \"ses:eu-west-1\""),
                field("origin is an IP", b -> b.origin("203.0.113.5"),
                        "origin: \"203.0.113.5\" is an IP address; give a host name"),
                field("origin is a wildcard", b -> b.origin("*.sendgrid.net"),
                        "origin: \"*.sendgrid.net\" is a wildcard; the origin is one host"),
                field("mailgun over https", b -> b.origin("mailgun").originProtocol(OriginProtocol.HTTPS_ONLY),
                        "originProtocol: mailgun.org does not accept HTTPS connections; use \"http-only\""),
                field("read timeout zero", b -> b.originReadTimeout(Duration.ZERO),
                        "originReadTimeoutSeconds: 0 is out of range; use 1 to 120 seconds"),
                field("read timeout too long", b -> b.originReadTimeout(Duration.ofSeconds(121)),
                        "originReadTimeoutSeconds: 121 is out of range; use 1 to 120 seconds"),
                field("keep-alive negative", b -> b.originKeepAlive(Duration.ofSeconds(-5)),
                        "originKeepAliveSeconds: -5 is out of range; use 1 to 120 seconds"),
                field("keep-alive fractional", b -> b.originKeepAlive(Duration.ofMillis(1500)),
                        "originKeepAliveSeconds: PT1.5S is out of range; use 1 to 120 seconds"),
                field("cache TTL over a year", b -> b.cacheTtl(Duration.ofSeconds(31_536_001)),
                        "cacheTtlSeconds: 31536001 is out of range; use 0 to 31536000 seconds"),
                field("no certificate", b -> b.certificate((String) null),
                        "certificate: required; give \"acm:<certificate ARN>\", \"managed\", or \"pem:<certificate file>,<key file>\""),
                field("unknown certificate source", b -> b.certificate("letsencrypt"),
                        "certificate: \"letsencrypt\" is not a certificate source; give \"acm:<certificate ARN>\", \"managed\", or \"pem:<certificate file>,<key file>\""),
                field("malformed ARN", b -> b.certificate("acm:arn:aws:acm:us-east-1:123:certificate/x"),
                        "certificate: \"arn:aws:acm:us-east-1:123:certificate/x\" is not an ACM certificate ARN (arn:aws:acm:<region>:<12-digit account>:certificate/<id>)"),
                field("pem without key", b -> b.certificate("pem:cert.pem"),
                        "certificate: \"pem:cert.pem\" needs both files: \"pem:<certificate file>,<key file>\""),
                field("no GET", b -> b.methods(EnumSet.of(HttpMethod.HEAD, HttpMethod.POST)),
                        "methods: GET and HEAD are required; mail clients follow tracked links with them"),
                field("no methods", b -> b.methods(List.of()),
                        "methods: GET and HEAD are required; mail clients follow tracked links with them"),
                field("no HTTP/1.1", b -> b.httpVersions(EnumSet.of(HttpVersion.HTTP_2)),
                        "httpVersions: HTTP/1.1 is required; mail clients and link scanners speak it"),
                field("no viewer protocol", b -> b.viewerProtocol(null), "viewerProtocol: must not be empty"),
                field("no price class", b -> b.priceClass(null), "priceClass: must not be empty"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void problemIsReportedWithItsFieldAndAnActionableSentence(String name, UnaryOperator<LinkProxySpec.Builder> change,
                                                              String expected) {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> change.apply(valid()).build());
        assertEquals(List.of(expected), e.problems().stream().map(SpecProblem::toString).toList());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> LinkProxySpec.builder()
                .linkDomains("ablink.example.com", "*.customer.com", "10.0.0.1")
                .originReadTimeout(Duration.ofSeconds(500))
                .build());
        assertEquals(List.of(
                "linkDomains[1]: \"*.customer.com\" is a wildcard; a link domain names one host",
                "linkDomains[2]: \"10.0.0.1\" is an IP address; give a host name",
                "originReadTimeoutSeconds: 500 is out of range; use 1 to 120 seconds",
                "certificate: required; give \"acm:<certificate ARN>\", \"managed\", or \"pem:<certificate file>,<key file>\""),
                e.problems().stream().map(SpecProblem::toString).toList());
        assertEquals("the spec has 4 problems:\n  " + String.join("\n  ", e.problems().stream().map(SpecProblem::toString).toList()),
                e.getMessage());
    }

    @Test
    void hostNamesAreNormalised() {
        LinkProxySpec spec = valid().linkDomains("ABLink.News.Example.COM.", "klick.bücher.example", " ablink.info.example.com ")
                .origin("Links.Example.NET.").build();
        assertEquals(List.of("ablink.news.example.com", "klick.xn--bcher-kva.example", "ablink.info.example.com"),
                spec.linkDomains());
        assertEquals("links.example.net", spec.origin().host());
    }

    @Test
    void namesAtTheLimitsAreAccepted() {
        String label63 = "a".repeat(63);
        String name253 = (label63 + ".").repeat(3) + "b".repeat(57) + ".com";
        assertEquals(253, name253.length());
        assertEquals(List.of(name253), valid().linkDomains(name253).build().linkDomains());
    }

    @Test
    void specsWithEqualValuesAreEqual() {
        assertEquals(valid().build(), valid().build());
        assertEquals(valid().build().hashCode(), valid().build().hashCode());
        assertEquals(valid().build(), valid().build().toBuilder().build());
    }

    @Test
    void aSpecCannotBeChangedThroughItsCollections() {
        LinkProxySpec spec = valid().build();
        assertThrows(UnsupportedOperationException.class, () -> spec.linkDomains().add("x.example.com"));
        assertThrows(UnsupportedOperationException.class, () -> spec.methods().remove(HttpMethod.GET));
        assertThrows(UnsupportedOperationException.class, () -> spec.httpVersions().clear());
    }

    @Test
    void durationsAtTheEndsOfTheirRangesAreAccepted() {
        for (long seconds : List.of(1L, 120L)) {
            LinkProxySpec spec = valid().originReadTimeout(Duration.ofSeconds(seconds))
                    .originKeepAlive(Duration.ofSeconds(seconds)).build();
            assertEquals(Duration.ofSeconds(seconds), spec.originReadTimeout());
            assertEquals(Duration.ofSeconds(seconds), spec.originKeepAlive());
        }
        assertEquals(Duration.ZERO, valid().cacheTtl(Duration.ZERO).build().cacheTtl());
        assertEquals(Duration.ofDays(365), valid().cacheTtl(Duration.ofSeconds(31_536_000)).build().cacheTtl());
    }

    @Test
    void linkDomainsCanBeAddedOneByOne() {
        LinkProxySpec spec = valid().addLinkDomain("b.example.com").addLinkDomain("C.example.com").build();
        assertEquals(List.of("ablink.news.example.com", "b.example.com", "c.example.com"), spec.linkDomains());
    }

    @Test
    void aSpecWithAPlainOriginHostComesBackFromItsBuilder() {
        LinkProxySpec spec = valid().origin("links.example-esp.test").originProtocol(OriginProtocol.HTTP_ONLY)
                .linkDomainHeader(LinkDomainHeader.X_FORWARDED_HOST).cacheTtl(Duration.ofSeconds(60)).build();
        assertEquals(spec, spec.toBuilder().build());
        LinkProxySpec defaults = valid().origin("links.example-esp.test").build();
        assertEquals(defaults, defaults.toBuilder().build());
        assertEquals(OriginProtocol.HTTPS_ONLY, defaults.originProtocol());
        assertEquals(LinkDomainHeader.HOST, defaults.linkDomainHeader());
        assertEquals(Duration.ZERO, defaults.cacheTtl());
    }

    @Test
    void valuesThatFollowThePresetFollowANewOrigin() {
        LinkProxySpec sendgrid = valid().build();
        LinkProxySpec sparkpost = sendgrid.toBuilder().origin("sparkpost").build();
        assertEquals(LinkDomainHeader.X_FORWARDED_HOST, sparkpost.linkDomainHeader());
        assertEquals(Duration.ofSeconds(10), sparkpost.cacheTtl());
        LinkProxySpec mailgun = valid().origin("mailgun").build().toBuilder().origin("links.example-esp.test").build();
        assertEquals(OriginProtocol.HTTPS_ONLY, mailgun.originProtocol());
    }

    @Test
    void anAcmCertificateNamesItsRegion() {
        assertEquals("us-east-1", ((CertificateSource.Acm) CertificateSource.parse("acm:" + ARN)).region());
        assertEquals("", new CertificateSource.Acm("not-an-arn").region());
    }
}
