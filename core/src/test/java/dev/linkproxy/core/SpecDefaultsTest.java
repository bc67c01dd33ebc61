package dev.linkproxy.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The defaults are the runbook's values (seed/ssl-click-tracking-runbook.md), one by one. */
class SpecDefaultsTest {

    private final LinkProxySpec spec = LinkProxySpec.builder()
            .linkDomains("ablink.subdomain.customer.com")
            .certificate("acm:arn:aws:acm:us-east-1:123456789012:certificate/1234abcd-12ab-34cd-56ef-1234567890ab")
            .build();

    @Test
    void originDomainNameIsSendgridNet() { // "Origin Domain Name: sendgrid.net"
        assertEquals("sendgrid.net", spec.origin().host());
        assertEquals("sendgrid", spec.origin().toString());
    }

    @Test
    void originProtocolPolicyIsHttpsOnly() { // "Origin Protocol Policy: HTTPS Only"
        assertEquals(OriginProtocol.HTTPS_ONLY, spec.originProtocol());
    }

    @Test
    void minimumOriginSslProtocolIsTls12() { // "Minimum Origin SSL Protocol: TLSv1.2"
        assertEquals(TlsVersion.TLS_1_2, spec.minOriginTls());
    }

    @Test
    void originResponseTimeoutIs30Seconds() { // "Origin Response Timeout: 30"
        assertEquals(Duration.ofSeconds(30), spec.originReadTimeout());
    }

    @Test
    void originKeepAliveTimeoutIs5Seconds() { // "Origin Keep-alive Timeout: 5"
        assertEquals(Duration.ofSeconds(5), spec.originKeepAlive());
    }

    @Test
    void viewerProtocolPolicyIsHttpAndHttps() { // "Viewer Protocol Policy: HTTP and HTTPS"
        assertEquals(ViewerProtocol.HTTP_AND_HTTPS, spec.viewerProtocol());
    }

    @Test
    void allowedMethodsAreAllSeven() { // "GET, HEAD, OPTIONS, PUT, PATCH DELETE" (+ POST: CloudFront's only set with them)
        assertEquals(EnumSet.allOf(HttpMethod.class), spec.methods());
    }

    @Test
    void everyHeaderCookieAndQueryStringIsForwardedAndNothingCached() { // "Cache Based on ... Headers: All", cookies All, QS all
        assertEquals(Forwarding.MANAGED_POLICIES, spec.forwarding());
        assertEquals(Duration.ZERO, spec.cacheTtl());
    }

    @Test
    void hostReachesTheOriginAsTheLinkDomain() { // SendGrid routes by Host
        assertEquals(LinkDomainHeader.HOST, spec.linkDomainHeader());
    }

    @Test
    void alternateDomainNameIsTheLinkDomain() { // "Alternate Domain Names (CNAMEs): ablink.subdomain.customer.com"
        assertEquals(List.of("ablink.subdomain.customer.com"), spec.linkDomains());
    }

    @Test
    void certificateIsACustomAcmCertificate() { // "SSL Certificate: Custom SSL Certificate"
        assertTrue(spec.certificate() instanceof CertificateSource.Acm);
    }

    @Test
    void securityPolicyIsTls12() { // "Security Policy: TLSv1.2"
        assertEquals(TlsVersion.TLS_1_2, spec.minViewerTls());
    }

    @Test
    void httpVersionsAre2And11And10() { // "Supported HTTP Versions: HTTP/2, HTTP/1.1, HTTP/1.0"
        assertEquals(EnumSet.of(HttpVersion.HTTP_2, HttpVersion.HTTP_1_1, HttpVersion.HTTP_1_0), spec.httpVersions());
    }

    @Test
    void ipv6IsEnabled() { // "Enable IPv6: Enabled"
        assertTrue(spec.ipv6());
    }

    @Test
    void priceClassIsAllEdgeLocations() { // "Price Class: Use All Edge Locations"
        assertEquals(PriceClass.ALL, spec.priceClass());
    }

    @Test
    void sparkpostPresetAsksForTenSecondCachingAndForwardedHost() {
        LinkProxySpec sparkpost = spec.toBuilder().origin("sparkpost").build();
        assertEquals("spgo.io", sparkpost.origin().host());
        assertEquals(Duration.ofSeconds(10), sparkpost.cacheTtl());
        assertEquals(LinkDomainHeader.X_FORWARDED_HOST, sparkpost.linkDomainHeader());
    }

    @Test
    void mailgunPresetReachesItsOriginOverHttp() {
        LinkProxySpec mailgun = spec.toBuilder().origin("mailgun").build();
        assertEquals("mailgun.org", mailgun.origin().host());
        assertEquals(OriginProtocol.HTTP_ONLY, mailgun.originProtocol());
    }

    @Test
    void theEuPresetsReachTheirRegionsOrigins() {
        assertEquals("links.eu.iterable.com", spec.toBuilder().origin("iterable-eu").build().origin().host());
        assertEquals("track-eu.customer.io", spec.toBuilder().origin("customerio-eu").build().origin().host());
        LinkProxySpec mailgunEu = spec.toBuilder().origin("mailgun-eu").build();
        assertEquals("eu.mailgun.org", mailgunEu.origin().host());
        assertEquals(OriginProtocol.HTTP_ONLY, mailgunEu.originProtocol(), "Mailgun's origins speak HTTP only");
    }

    @Test
    void eachEspSaysWhetherItServesHttpsItselfAndWhatToAskAfterTheCutover() {
        EspAdvice sendgrid = EspAdvice.forOrigin(spec.toBuilder().origin("sendgrid").build().origin());
        assertTrue(sendgrid.managedHttps().orElseThrow().contains("Auto SSL"));
        assertTrue(sendgrid.afterCutover().get(0).contains("each subuser"));
        assertTrue(EspAdvice.forOrigin(spec.toBuilder().origin("sparkpost-eu").build().origin()).managedHttps()
                .orElseThrow().contains("eu.v2.spgo.io"));
        assertTrue(EspAdvice.forOrigin(spec.toBuilder().origin("mailgun-eu").build().origin()).managedHttps()
                .isPresent());
        EspAdvice plainHost = EspAdvice.forOrigin(spec.toBuilder().origin("links.example-esp.test").build().origin());
        assertTrue(plainHost.managedHttps().isEmpty());
        for (String preset : List.of("sendgrid", "sparkpost", "mailgun", "customerio", "iterable")) {
            assertFalse(EspAdvice.forOrigin(spec.toBuilder().origin(preset).build().origin()).sources().isEmpty(),
                    preset + " advice without a source");
        }
    }

    @Test
    void everyPresetKnowsItsOrigin() {
        assertEquals(List.of("sendgrid.net", "eu.sendgrid.net", "spgo.io", "eu.spgo.io", "links.iterable.com",
                        "links.eu.iterable.com", "track.customer.io", "track-eu.customer.io", "mailgun.org",
                        "eu.mailgun.org"),
                EspPreset.FIXED.stream().map(EspPreset::originHost).toList());
        EspPreset ses = EspPreset.find("ses:eu-central-1").orElseThrow();
        assertEquals("r.eu-central-1.awstrack.me", ses.originHost());
        assertEquals(LinkDomainHeader.X_FORWARDED_HOST, ses.linkDomainHeader());
        assertEquals(List.of("/wf/click", "/uni/wf/click", "/ls/click", "/ss/"),
                EspPreset.find("sendgrid").orElseThrow().trackedPathPrefixes());
        assertEquals(List.of("/f/", "/q/"), EspPreset.find("sparkpost-eu").orElseThrow().trackedPathPrefixes());
    }

    @Test
    void adviceNamesThePresetOrElseTheOriginHost() {
        EspAdvice plainHost = EspAdvice.forOrigin(spec.toBuilder().origin("links.example-esp.test").build().origin());
        assertEquals("links.example-esp.test", plainHost.esp());
        assertEquals(List.of("Tell the ESP the link domain now serves HTTPS through the CDN, and ask it to switch SSL"
                + " click tracking on."), plainHost.afterCutover());
        assertEquals("iterable", EspAdvice.forOrigin(spec.toBuilder().origin("iterable").build().origin()).esp());
        assertEquals("customerio-eu", EspAdvice.forOrigin(spec.toBuilder().origin("customerio-eu").build().origin()).esp());
    }

    @Test
    void presetNamesAreListedForMessages() {
        assertEquals("sendgrid, sendgrid-eu, sparkpost, sparkpost-eu, iterable, iterable-eu, customerio, customerio-eu,"
                + " mailgun, mailgun-eu, ses:<region>", EspPreset.names());
    }
}
