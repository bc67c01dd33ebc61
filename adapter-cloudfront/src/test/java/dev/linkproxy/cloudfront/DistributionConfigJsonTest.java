package dev.linkproxy.cloudfront;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.linkproxy.core.Forwarding;
import dev.linkproxy.core.HttpVersion;
import dev.linkproxy.core.JsonTrees;
import dev.linkproxy.core.LinkDomainHeader;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.PriceClass;
import dev.linkproxy.core.TlsVersion;
import dev.linkproxy.core.ViewerProtocol;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.ViewerProtocolPolicy;

/** The renderer's JSON and the SDK object apply sends say the same, member for member, in the model's order. */
class DistributionConfigJsonTest {

    private static final String ARN = "acm:arn:aws:acm:us-east-1:123456789012:certificate/0d3c1a2b-1111-2222-3333-4444";

    private static LinkProxySpec.Builder base() {
        return LinkProxySpec.builder().linkDomains("ablink.news.example.com").certificate(ARN);
    }

    @Test
    void everyRenderedConfigReadsIntoTheSdkObjectAndBackToTheSameText() {
        List<LinkProxySpec> specs = List.of(
                base().build(),
                base().forwarding(Forwarding.RUNBOOK).build(),
                base().linkDomainHeader(LinkDomainHeader.X_FORWARDED_HOST).build(),
                base().linkDomains("a.example.com", "b.example.com").priceClass(PriceClass.CLASS_100)
                        .minViewerTls(TlsVersion.TLS_1_3).viewerProtocol(ViewerProtocol.REDIRECT_TO_HTTPS)
                        .httpVersions(List.of(HttpVersion.HTTP_1_1, HttpVersion.HTTP_3)).ipv6(false).build());
        for (LinkProxySpec spec : specs) {
            DistributionConfigRenderer.Rendered rendered = DistributionConfigRenderer.render(spec);
            DistributionConfig sdk = rendered.config();
            // Text, not trees: the same members, values, number types and order.
            assertEquals(JsonTrees.pretty(rendered.json()), JsonTrees.pretty(DistributionConfigJson.toJson(sdk)));
            assertTrue(sdk.sdkFields().size() > rendered.json().size(), "the SDK object has more members than set");
        }
        DistributionConfig redirect = DistributionConfigRenderer.render(base()
                .viewerProtocol(ViewerProtocol.REDIRECT_TO_HTTPS).build()).config();
        assertEquals(ViewerProtocolPolicy.REDIRECT_TO_HTTPS, redirect.defaultCacheBehavior().viewerProtocolPolicy());
        assertEquals(1, redirect.origins().items().size());
    }

    @Test
    void theRenderedJsonCannotBeChangedFromOutside() {
        DistributionConfigRenderer.Rendered rendered = DistributionConfigRenderer.render(base().build());
        rendered.json().put("Comment", "changed");
        assertEquals("linkproxy: ablink.news.example.com", rendered.json().get("Comment").asText());
        assertEquals("linkproxy: ablink.news.example.com", rendered.config().comment());
    }

    @Test
    void aMemberTheModelDoesNotHaveIsRefusedWithItsPath() {
        assertRefused(json -> json.put("Tags", "x"), "DistributionConfig.Tags: not a member in the CloudFront model");
        assertRefused(json -> ((ObjectNode) json.at("/Origins/Items/0")).put("Port", 443),
                "DistributionConfig.Origins.Items[].Port: not a member");
        // Case matters: the model's name is IsIPV6Enabled.
        assertRefused(json -> json.put("IsIpv6Enabled", true), "DistributionConfig.IsIpv6Enabled: not a member");
    }

    @Test
    void aValueOfTheWrongJsonTypeIsRefused() {
        assertRefused(json -> json.put("Enabled", "true"), "DistributionConfig.Enabled: \"true\" is not of type Boolean");
        assertRefused(json -> ((ObjectNode) json.get("Aliases")).put("Quantity", 1.5),
                "DistributionConfig.Aliases.Quantity: 1.5 is not of type Integer");
        assertRefused(json -> json.put("Comment", 7), "DistributionConfig.Comment: 7 is not of type String");
        assertRefused(json -> json.put("Origins", "sendgrid.net"), "DistributionConfig.Origins: an object expected");
        assertRefused(json -> ((ObjectNode) json.get("Aliases")).put("Items", "a.example.com"),
                "DistributionConfig.Aliases.Items: \"a.example.com\" is not of type List");
        assertRefused(json -> ((ObjectNode) json.at("/DefaultCacheBehavior/AllowedMethods")).putArray("Items").add(1),
                "DistributionConfig.DefaultCacheBehavior.AllowedMethods.Items[]: 1 is not of type String");
    }

    @Test
    void longMembersTakeIntegersOnly() {
        ObjectNode json = DistributionConfigRenderer.render(base().forwarding(Forwarding.RUNBOOK).build()).json();
        ((ObjectNode) json.get("DefaultCacheBehavior")).put("MaxTTL", 60);
        assertEquals(60L, DistributionConfigJson.fromJson(json).defaultCacheBehavior().maxTTL());
        assertRefused(j -> ((ObjectNode) j.get("DefaultCacheBehavior")).put("MinTTL", 0.5),
                "DistributionConfig.DefaultCacheBehavior.MinTTL: 0.5 is not of type Long");
    }

    private static void assertRefused(Consumer<ObjectNode> breakIt, String expected) {
        ObjectNode json = DistributionConfigRenderer.render(base().forwarding(Forwarding.RUNBOOK).build()).json();
        breakIt.accept(json);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DistributionConfigJson.fromJson(json));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }
}
