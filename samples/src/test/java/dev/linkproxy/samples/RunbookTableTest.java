package dev.linkproxy.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The runbook (shared/seed/ssl-click-tracking-runbook.md, CloudFront section) as a table, setting by setting, against
 * the offline plan of samples/specs/runbook.yaml: {@code linkproxy-cloudfront plan --offline --json --spec ...}.
 */
class RunbookTableTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static JsonNode config;

    @BeforeAll
    static void renderTheRunbookSpec() {
        CliRun run = CliRun.run("plan", "--offline", "--json", "--spec", "specs/runbook.yaml");
        assertEquals(0, run.exitCode(), run.err());
        JsonNode doc = run.json();
        assertEquals("cloudfront", doc.get("provider").asText());
        config = doc.get("config");
    }

    /** Runbook setting, its value in the runbook, the API field (JSON pointer into the config), the expected value. */
    static Stream<Arguments> runbook() {
        return Stream.of(
                row("Origin Domain Name", "sendgrid.net", "/Origins/Items/0/DomainName", "\"sendgrid.net\""),
                row("Origin Path", "leave blank", "/Origins/Items/0/OriginPath", "\"\""),
                row("Minimum Origin SSL Protocol", "TLSv1.2",
                        "/Origins/Items/0/CustomOriginConfig/OriginSslProtocols", "{\"Quantity\":1,\"Items\":[\"TLSv1.2\"]}"),
                row("Origin Protocol Policy", "HTTPS Only",
                        "/Origins/Items/0/CustomOriginConfig/OriginProtocolPolicy", "\"https-only\""),
                row("Origin Response Timeout", "30", "/Origins/Items/0/CustomOriginConfig/OriginReadTimeout", "30"),
                row("Origin Keep-alive Timeout", "5", "/Origins/Items/0/CustomOriginConfig/OriginKeepaliveTimeout", "5"),
                row("HTTP Port", "80", "/Origins/Items/0/CustomOriginConfig/HTTPPort", "80"),
                row("HTTPS Port", "443", "/Origins/Items/0/CustomOriginConfig/HTTPSPort", "443"),
                row("Viewer Protocol Policy", "HTTP and HTTPS", "/DefaultCacheBehavior/ViewerProtocolPolicy", "\"allow-all\""),
                row("Allowed HTTP Methods", "GET, HEAD, OPTIONS, PUT, PATCH, DELETE (+POST: CloudFront's full set)",
                        "/DefaultCacheBehavior/AllowedMethods/Items",
                        "[\"GET\",\"HEAD\",\"OPTIONS\",\"PUT\",\"PATCH\",\"POST\",\"DELETE\"]"),
                row("Cached HTTP Methods", "GET, HEAD, OPTIONS",
                        "/DefaultCacheBehavior/AllowedMethods/CachedMethods/Items", "[\"GET\",\"HEAD\",\"OPTIONS\"]"),
                row("Cache Based on Selected Request Headers", "All",
                        "/DefaultCacheBehavior/ForwardedValues/Headers", "{\"Quantity\":1,\"Items\":[\"*\"]}"),
                row("Minimum TTL", "0", "/DefaultCacheBehavior/MinTTL", "0"),
                row("Maximum TTL", "31536000", "/DefaultCacheBehavior/MaxTTL", "31536000"),
                row("Default TTL", "86400", "/DefaultCacheBehavior/DefaultTTL", "86400"),
                row("Forward Cookies", "All", "/DefaultCacheBehavior/ForwardedValues/Cookies/Forward", "\"all\""),
                row("Query String Forwarding and Caching", "Forward all, cache based on all",
                        "/DefaultCacheBehavior/ForwardedValues/QueryString", "true"),
                row("Query String Forwarding and Caching (no key list: all)", "Forward all, cache based on all",
                        "/DefaultCacheBehavior/ForwardedValues/QueryStringCacheKeys/Quantity", "0"),
                row("Log Prefix", "leave blank", "/Logging/Prefix", "\"\""),
                row("Cookie Logging", "Off", "/Logging/IncludeCookies", "false"),
                row("Log Bucket", "leave blank", "/Logging/Bucket", "\"\""),
                row("Price Class", "Use All Edge Locations", "/PriceClass", "\"PriceClass_All\""),
                row("AWS WAF Web ACL", "leave blank", "/WebACLId", "\"\""),
                row("State", "Enabled", "/Enabled", "true"),
                row("Alternate Domain Names (CNAMEs)", "ablink.subdomain.customer.com", "/Aliases",
                        "{\"Quantity\":1,\"Items\":[\"ablink.subdomain.customer.com\"]}"),
                row("SSL Certificate", "Custom SSL Certificate", "/ViewerCertificate/CloudFrontDefaultCertificate", "false"),
                row("SSL Certificate (ACM, us-east-1)", "Custom SSL Certificate", "/ViewerCertificate/ACMCertificateArn",
                        "\"arn:aws:acm:us-east-1:123456789012:certificate/00000000-0000-0000-0000-000000000000\""),
                row("Custom SSL Client Support", "Clients that Support Server Name Indication (SNI)",
                        "/ViewerCertificate/SSLSupportMethod", "\"sni-only\""),
                row("Security Policy", "TLSv1.2", "/ViewerCertificate/MinimumProtocolVersion", "\"TLSv1.2_2021\""),
                row("Supported HTTP Versions", "HTTP/2, HTTP/1.1, HTTP/1.0", "/HttpVersion", "\"http2\""),
                row("Enable IPv6", "Enabled", "/IsIPV6Enabled", "true"),
                row("Default Root Object", "leave blank", "/DefaultRootObject", "\"\""));
    }

    private static Arguments row(String setting, String runbookValue, String pointer, String expectedJson) {
        return Arguments.of(setting, runbookValue, pointer, expectedJson);
    }

    @ParameterizedTest(name = "{0} = {1} → {2}")
    @MethodSource("runbook")
    void theOfflinePlanHasTheRunbooksValue(String setting, String runbookValue, String pointer, String expectedJson)
            throws Exception {
        JsonNode actual = config.at(pointer);
        assertFalse(actual.isMissingNode(), setting + ": " + pointer + " is not in the plan");
        assertEquals(JSON.readTree(expectedJson), JSON.readTree(actual.toString()), setting + " (" + runbookValue + ")");
    }

    @Test
    void theDefaultCacheBehaviourTargetsTheOriginAsTheRunbookSays() {
        // "Origin or Origin Group: Braze_sendgrid-HSTS-email": the behaviour targets the one origin, whatever its label.
        assertEquals(config.at("/Origins/Items/0/Id"), config.at("/DefaultCacheBehavior/TargetOriginId"));
        assertEquals(1, config.at("/Origins/Quantity").asInt());
    }

    @Test
    void nothingOutsideTheRunbookIsForwardedOrCachedDifferently() {
        // Runbook mode is the legacy form: no cache or origin request policy beside the ForwardedValues.
        assertTrue(config.at("/DefaultCacheBehavior/CachePolicyId").isMissingNode());
        assertTrue(config.at("/DefaultCacheBehavior/OriginRequestPolicyId").isMissingNode());
        assertEquals(0, config.at("/Origins/Items/0/CustomHeaders/Quantity").asInt(), "Host passes through: no custom header");
        assertEquals("none", config.at("/Restrictions/GeoRestriction/RestrictionType").asText());
    }
}
