package dev.linkproxy.cloudfront;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.linkproxy.core.Forwarding;
import dev.linkproxy.core.HttpMethod;
import dev.linkproxy.core.HttpVersion;
import dev.linkproxy.core.InvalidSpecException;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.PriceClass;
import dev.linkproxy.core.TlsVersion;
import dev.linkproxy.core.ViewerProtocol;
import dev.linkproxy.core.spi.NativeConfig;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Golden renders: every field of both forwarding modes, and the spec settings CloudFront cannot take. */
class DistributionConfigRendererTest {

    static final String ARN = "arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CloudFrontProvider provider = new CloudFrontProvider();

    static LinkProxySpec runbookDomains() {
        return LinkProxySpec.builder().linkDomains("ablink.subdomain.customer.com").certificate("acm:" + ARN).build();
    }

    /** Everything but DefaultCacheBehavior, which is where the two modes differ. */
    private static final String COMMON = """
            {
              "CallerReference" : "linkproxy-46370db73193daac765cd42d4707c28b",
              "Aliases" : { "Quantity" : 1, "Items" : [ "ablink.subdomain.customer.com" ] },
              "DefaultRootObject" : "",
              "Origins" : { "Quantity" : 1, "Items" : [ {
                "Id" : "linkproxy-sendgrid.net",
                "DomainName" : "sendgrid.net",
                "OriginPath" : "",
                "CustomHeaders" : { "Quantity" : 0 },
                "CustomOriginConfig" : {
                  "HTTPPort" : 80,
                  "HTTPSPort" : 443,
                  "OriginProtocolPolicy" : "https-only",
                  "OriginSslProtocols" : { "Quantity" : 1, "Items" : [ "TLSv1.2" ] },
                  "OriginReadTimeout" : 30,
                  "OriginKeepaliveTimeout" : 5
                } } ] },
              "DefaultCacheBehavior" : "see each mode",
              "Comment" : "linkproxy: ablink.subdomain.customer.com",
              "Logging" : { "Enabled" : false, "IncludeCookies" : false, "Bucket" : "", "Prefix" : "" },
              "PriceClass" : "PriceClass_All",
              "Enabled" : true,
              "ViewerCertificate" : {
                "CloudFrontDefaultCertificate" : false,
                "ACMCertificateArn" : "%s",
                "SSLSupportMethod" : "sni-only",
                "MinimumProtocolVersion" : "TLSv1.2_2021"
              },
              "Restrictions" : { "GeoRestriction" : { "RestrictionType" : "none", "Quantity" : 0 } },
              "WebACLId" : "",
              "HttpVersion" : "http2",
              "IsIPV6Enabled" : true
            }""".formatted(ARN);

    private static final String METHODS = """
              "AllowedMethods" : {
                "Quantity" : 7,
                "Items" : [ "GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE" ],
                "CachedMethods" : { "Quantity" : 3, "Items" : [ "GET", "HEAD", "OPTIONS" ] }
              },""";

    @Test
    void managedPoliciesModeIsTheDefaultAndSetsEveryField() throws Exception {
        JsonNode expected = golden("""
                {
                  "TargetOriginId" : "linkproxy-sendgrid.net",
                  "ViewerProtocolPolicy" : "allow-all",
                """ + METHODS + """
                  "CachePolicyId" : "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
                  "OriginRequestPolicyId" : "216adef6-5c7f-47e4-b989-5492eafa07d3"
                }""");
        NativeConfig rendered = provider.render(runbookDomains());
        assertEquals(expected, reread(rendered));
        assertEquals(List.of(), rendered.notes());
        // Member order follows the botocore model, so the printed config reads like the API reference.
        assertEquals(List.of("CallerReference", "Aliases", "DefaultRootObject", "Origins", "DefaultCacheBehavior",
                "Comment", "Logging", "PriceClass", "Enabled", "ViewerCertificate", "Restrictions", "WebACLId",
                "HttpVersion", "IsIPV6Enabled"), names(rendered.config()));
    }

    @Test
    void runbookModeSetsTheLegacyForwardedValuesAndTtlsWordForWord() throws Exception {
        JsonNode expected = golden("""
                {
                  "TargetOriginId" : "linkproxy-sendgrid.net",
                  "ViewerProtocolPolicy" : "allow-all",
                """ + METHODS + """
                  "ForwardedValues" : {
                    "QueryString" : true,
                    "Cookies" : { "Forward" : "all" },
                    "Headers" : { "Quantity" : 1, "Items" : [ "*" ] },
                    "QueryStringCacheKeys" : { "Quantity" : 0 }
                  },
                  "MinTTL" : 0,
                  "DefaultTTL" : 86400,
                  "MaxTTL" : 31536000
                }""");
        NativeConfig rendered = provider.render(runbookDomains().toBuilder().forwarding(Forwarding.RUNBOOK).build());
        assertEquals(expected, reread(rendered));
        assertTrue(rendered.notes().get(0).contains("no effect"), rendered.notes().toString());
    }

    @Test
    void anXForwardedHostPresetGetsTheOriginCustomHeader() {
        LinkProxySpec spec = LinkProxySpec.builder().linkDomains("track.example.com").origin("sparkpost")
                .certificate("acm:" + ARN).build();
        NativeConfig rendered = provider.render(spec);
        assertEquals("spgo.io", rendered.at("/Origins/Items/0/DomainName").asText());
        assertEquals(1, rendered.at("/Origins/Items/0/CustomHeaders/Quantity").asInt());
        assertEquals("X-Forwarded-Host", rendered.at("/Origins/Items/0/CustomHeaders/Items/0/HeaderName").asText());
        assertEquals("track.example.com", rendered.at("/Origins/Items/0/CustomHeaders/Items/0/HeaderValue").asText());
        // SparkPost's 10 s TTL cannot be honoured by CachingDisabled: said in a note, not dropped silently.
        assertTrue(rendered.notes().stream().anyMatch(n -> n.startsWith("cacheTtl: 10 s")), rendered.notes().toString());
    }

    @Test
    void xForwardedHostCannotNameTwoLinkDomainsOnOneDistribution() {
        LinkProxySpec spec = LinkProxySpec.builder().linkDomains("a.example.com", "b.example.com").origin("ses:us-east-1")
                .certificate("acm:" + ARN).build();
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> provider.render(spec));
        assertEquals("linkDomains", e.problems().get(0).path());
        assertTrue(e.getMessage().contains("X-Forwarded-Host"), e.getMessage());
    }

    @Test
    void anAcmCertificateOutsideUsEast1IsAClearError() {
        LinkProxySpec spec = runbookDomains().toBuilder()
                .certificate("acm:arn:aws:acm:eu-west-1:123456789012:certificate/abc").build();
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> provider.render(spec));
        assertEquals("certificate", e.problems().get(0).path());
        assertTrue(e.getMessage().contains("eu-west-1") && e.getMessage().contains("us-east-1"), e.getMessage());
    }

    @Test
    void aManagedCertificateIsRenderedOnlyOnceAcmHasIssuedIt() {
        InvalidSpecException e = assertThrows(InvalidSpecException.class,
                () -> provider.render(runbookDomains().toBuilder().certificate("managed").build()));
        assertTrue(e.getMessage().contains("onboard requests it") && e.getMessage().contains("acm:"), e.getMessage());
    }

    @Test
    void fewerMethodsAreWidenedToTheNearestSetCloudFrontAccepts() {
        NativeConfig two = provider.render(runbookDomains().toBuilder()
                .methods(EnumSet.of(HttpMethod.GET, HttpMethod.HEAD)).build());
        assertEquals("[\"GET\",\"HEAD\"]", two.at("/DefaultCacheBehavior/AllowedMethods/Items").toString());
        assertEquals("[\"GET\",\"HEAD\"]", two.at("/DefaultCacheBehavior/AllowedMethods/CachedMethods/Items").toString());
        assertEquals(List.of(), two.notes());
        NativeConfig widened = provider.render(runbookDomains().toBuilder()
                .methods(EnumSet.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST)).build());
        assertEquals(7, widened.at("/DefaultCacheBehavior/AllowedMethods/Quantity").asInt());
        assertTrue(widened.notes().get(0).startsWith("methods:"), widened.notes().toString());
    }

    @Test
    void theOtherSettingsMapOneToOne() {
        NativeConfig r = provider.render(runbookDomains().toBuilder()
                .viewerProtocol(ViewerProtocol.REDIRECT_TO_HTTPS)
                .minViewerTls(TlsVersion.TLS_1_3)
                .httpVersions(EnumSet.of(HttpVersion.HTTP_1_1, HttpVersion.HTTP_2, HttpVersion.HTTP_3))
                .ipv6(false)
                .priceClass(PriceClass.CLASS_100)
                .originReadTimeout(Duration.ofSeconds(60))
                .originKeepAlive(Duration.ofSeconds(10))
                .origin("mailgun")
                .originProtocol(null) // back to the preset's: Mailgun's origin speaks HTTP only
                .build());
        assertEquals("redirect-to-https", r.at("/DefaultCacheBehavior/ViewerProtocolPolicy").asText());
        assertEquals("TLSv1.3_2025", r.at("/ViewerCertificate/MinimumProtocolVersion").asText());
        assertEquals("http2and3", r.at("/HttpVersion").asText());
        assertEquals(false, r.at("/IsIPV6Enabled").asBoolean());
        assertEquals("PriceClass_100", r.at("/PriceClass").asText());
        assertEquals(60, r.at("/Origins/Items/0/CustomOriginConfig/OriginReadTimeout").asInt());
        assertEquals(10, r.at("/Origins/Items/0/CustomOriginConfig/OriginKeepaliveTimeout").asInt());
        assertEquals("http-only", r.at("/Origins/Items/0/CustomOriginConfig/OriginProtocolPolicy").asText());
        assertEquals("http1.1", provider.render(runbookDomains().toBuilder()
                .httpVersions(EnumSet.of(HttpVersion.HTTP_1_0, HttpVersion.HTTP_1_1)).build()).at("/HttpVersion").asText());
    }

    @Test
    void callerReferenceDependsOnTheSetOfLinkDomainsOnly() {
        String ab = DistributionConfigRenderer.callerReference(List.of("a.example.com", "b.example.com"));
        assertEquals(ab, DistributionConfigRenderer.callerReference(List.of("b.example.com", "a.example.com")));
        assertNotEquals(ab, DistributionConfigRenderer.callerReference(List.of("a.example.com")));
        assertTrue(ab.matches("linkproxy-[0-9a-f]{32}"), ab);
    }

    @Test
    void aCacheTtlCloudFrontCannotHonourIsExplainedForEachForwardingMode() {
        LinkProxySpec ten = runbookDomains().toBuilder().cacheTtl(Duration.ofSeconds(10)).build();
        assertEquals(List.of("cacheTtl: 10 s asked for, but linkproxy configures CloudFront to cache nothing"
                + " (CachingDisabled policy); a short TTL needs a custom cache policy, which linkproxy does not manage"
                + " yet"), provider.render(ten).notes());
        assertEquals(List.of("cacheTtl: 10 s asked for, but linkproxy configures CloudFront to cache nothing"
                        + " (every header is forwarded, which disables caching); a short TTL needs a custom cache policy,"
                        + " which linkproxy does not manage yet",
                "forwarding runbook: the legacy TTLs 0 / 86400 / 31536000 are set as in the runbook but have no effect"
                        + " while every header is forwarded"),
                provider.render(ten.toBuilder().forwarding(Forwarding.RUNBOOK).build()).notes());
    }

    @Test
    void aWidenedMethodSetNamesBothSets() {
        NativeConfig widened = provider.render(runbookDomains().toBuilder()
                .methods(EnumSet.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST)).build());
        assertEquals(List.of("methods: CloudFront accepts only the sets {GET, HEAD}, {GET, HEAD, OPTIONS} and all seven;"
                + " [GET, HEAD, POST] was widened to [GET, HEAD, OPTIONS, PUT, PATCH, POST, DELETE]"), widened.notes());
        NativeConfig options = provider.render(runbookDomains().toBuilder()
                .methods(EnumSet.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.OPTIONS)).build());
        assertEquals("[\"GET\",\"HEAD\",\"OPTIONS\"]", options.at("/DefaultCacheBehavior/AllowedMethods/Items").toString());
        assertEquals("[\"GET\",\"HEAD\",\"OPTIONS\"]",
                options.at("/DefaultCacheBehavior/AllowedMethods/CachedMethods/Items").toString());
        assertEquals(List.of(), options.notes(), "a set CloudFront accepts as it is");
    }

    @Test
    void theCommentNamesTheLinkDomainsAndIsCutToCloudFrontsLimitOnlyWhenLonger() {
        // "linkproxy: " is 11 characters; a 117-character domain makes a comment of exactly 128.
        String exact = "a".repeat(63) + "." + "b".repeat(49) + ".com";
        assertEquals(117, exact.length());
        assertEquals("linkproxy: " + exact, provider.render(runbookDomains().toBuilder().linkDomains(exact).build())
                .at("/Comment").asText());
        String longer = "a".repeat(63) + "." + "b".repeat(50) + ".com";
        String cut = provider.render(runbookDomains().toBuilder().linkDomains(longer).build()).at("/Comment").asText();
        assertEquals(128, cut.length());
        assertEquals(("linkproxy: " + longer).substring(0, 127) + "…", cut);
        assertEquals("linkproxy: a.example.com b.example.com", provider.render(runbookDomains().toBuilder()
                .linkDomains("a.example.com", "b.example.com").build()).at("/Comment").asText());
    }

    @Test
    void http3AloneIsOfferedWithoutHttp2() {
        assertEquals("http3", provider.render(runbookDomains().toBuilder()
                .httpVersions(EnumSet.of(HttpVersion.HTTP_1_1, HttpVersion.HTTP_3)).build()).at("/HttpVersion").asText());
        assertEquals("http2", provider.render(runbookDomains().toBuilder()
                .httpVersions(EnumSet.of(HttpVersion.HTTP_1_1, HttpVersion.HTTP_2)).build()).at("/HttpVersion").asText());
    }

    @Test
    void thePriceClassesMapToCloudFrontsNames() {
        assertEquals("PriceClass_All", provider.render(runbookDomains().toBuilder().priceClass(PriceClass.ALL).build())
                .at("/PriceClass").asText());
        assertEquals("PriceClass_200", provider.render(runbookDomains().toBuilder().priceClass(PriceClass.CLASS_200)
                .build()).at("/PriceClass").asText());
    }

    @Test
    void pemFilesAreForOtherCdnsAndSaySo() {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> provider.render(runbookDomains()
                .toBuilder().certificate("pem:cert.pem,key.pem").build()));
        assertEquals(1, e.problems().size());
        assertEquals("certificate", e.problems().get(0).path());
        assertTrue(e.getMessage().contains("CloudFront serves an ACM certificate here: give \"acm:<ARN>\" of a"
                + " certificate in us-east-1 (\"pem:cert.pem,key.pem\" is for other CDNs)"), e.getMessage());
    }

    @Test
    void everyProblemOfASpecIsListedAtOnce() {
        LinkProxySpec spec = LinkProxySpec.builder().linkDomains("a.example.com", "b.example.com").origin("sparkpost")
                .certificate("managed").minOriginTls(TlsVersion.TLS_1_3).build();
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> provider.render(spec));
        assertEquals(List.of("certificate", "linkDomains", "minOriginTls"),
                e.problems().stream().map(p -> p.path()).toList());
        assertTrue(e.getMessage().contains("CloudFront's minimum origin protocol stops at TLSv1.2"), e.getMessage());
    }

    @Test
    void theOriginIsReachedOverTls12OnItsStandardPortsWhateverTheSpecsMinimum() {
        NativeConfig r = provider.render(runbookDomains().toBuilder().minOriginTls(TlsVersion.TLS_1_2).build());
        assertEquals("[\"TLSv1.2\"]", r.at("/Origins/Items/0/CustomOriginConfig/OriginSslProtocols/Items").toString());
        assertEquals(80, r.at("/Origins/Items/0/CustomOriginConfig/HTTPPort").asInt());
        assertEquals(443, r.at("/Origins/Items/0/CustomOriginConfig/HTTPSPort").asInt());
    }

    private static JsonNode golden(String defaultCacheBehavior) throws Exception {
        var root = (com.fasterxml.jackson.databind.node.ObjectNode) JSON.readTree(COMMON);
        root.set("DefaultCacheBehavior", JSON.readTree(defaultCacheBehavior));
        return root;
    }

    /** The config as its JSON text reads back, so 0 written as a long equals 0 read as an int. */
    private static JsonNode reread(NativeConfig rendered) throws Exception {
        return JSON.readTree(rendered.config().toString());
    }

    private static List<String> names(JsonNode node) {
        List<String> out = new java.util.ArrayList<>();
        node.fieldNames().forEachRemaining(out::add);
        return out;
    }
}
