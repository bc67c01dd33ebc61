package dev.linkproxy.cloudfront;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.core.Forwarding;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.spi.Change;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudfront.model.AllowedMethods;
import software.amazon.awssdk.services.cloudfront.model.CachedMethods;
import software.amazon.awssdk.services.cloudfront.model.CustomHeaders;
import software.amazon.awssdk.services.cloudfront.model.DefaultCacheBehavior;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.services.cloudfront.model.Method;
import software.amazon.awssdk.services.cloudfront.model.Origin;
import software.amazon.awssdk.services.cloudfront.model.OriginCustomHeader;
import software.amazon.awssdk.services.cloudfront.model.S3OriginConfig;
import software.amazon.awssdk.services.cloudfront.model.ViewerCertificate;

/**
 * The diff on its own, offline: which differences between a live distribution and the rendered config are changes,
 * which are only CloudFront's way of echoing a config back (the echoes are those of console-distribution.xml, a
 * GetDistributionConfig answer), and what the merged UpdateDistribution body keeps of the customer's.
 */
class DistributionDiffTest {

    private static final String ARN = WireMockCloudFront.ARN;
    private static final String DOMAIN = WireMockCloudFront.DOMAIN;
    private static final String ID = "E2EXAMPLE";

    private static LinkProxySpec spec() {
        return LinkProxySpec.builder().linkDomains(DOMAIN).certificate("acm:" + ARN).build();
    }

    private static DistributionConfig rendered(LinkProxySpec spec) {
        return DistributionConfigRenderer.render(spec).config();
    }

    private static DistributionConfig desired() {
        return rendered(spec());
    }

    private static DistributionDiff diff(DistributionConfig live) {
        return DistributionDiff.between(ID, live, desired());
    }

    private static List<String> fields(DistributionDiff diff) {
        return diff.changes().stream().map(Change::field).toList();
    }

    private static Change only(DistributionDiff diff) {
        assertEquals(1, diff.changes().size(), diff.toString());
        return diff.changes().get(0);
    }

    /** The rendered origin as CloudFront hands it back: the same, plus the members it fills in itself. */
    private static DistributionConfig withOrigin(DistributionConfig config, java.util.function.UnaryOperator<Origin> edit) {
        Origin origin = edit.apply(config.origins().items().get(0));
        return config.toBuilder().origins(o -> o.quantity(1).items(origin)).build();
    }

    private static DistributionConfig withBehaviour(DistributionConfig config,
                                                    java.util.function.UnaryOperator<DefaultCacheBehavior.Builder> edit) {
        return config.toBuilder().defaultCacheBehavior(edit.apply(config.defaultCacheBehavior().toBuilder()).build())
                .build();
    }

    @Test
    void aDistributionThatIsExactlyTheRenderedConfigHasNoChanges() {
        DistributionDiff diff = diff(desired());
        assertTrue(diff.isEmpty(), diff.toString());
        assertEquals(List.of(), diff.changes());
        assertEquals(List.of(), diff.keptAliases());
        assertFalse(diff.touchesCertificate());
        assertEquals(desired(), diff.merged());
        assertEquals("distribution " + ID + ": []", diff.toString());
    }

    @Test
    void theDeprecatedCertificateEchoesAreNotChanges() {
        // GetDistributionConfig adds Certificate and CertificateSource beside ACMCertificateArn (console-distribution.xml).
        DistributionConfig live = desired().toBuilder().viewerCertificate(desired().viewerCertificate().toBuilder()
                .certificate(ARN).certificateSource("acm").build()).build();
        DistributionDiff diff = diff(live);
        assertTrue(diff.isEmpty(), diff.toString());
        assertFalse(diff.touchesCertificate());
    }

    @Test
    void methodListsInCloudFrontsOwnOrderAreNotChanges() {
        // The order of console-distribution.xml: CloudFront returns the methods in an order of its own.
        DistributionConfig live = withBehaviour(desired(), b -> b.allowedMethods(AllowedMethods.builder().quantity(7)
                .items(Method.HEAD, Method.DELETE, Method.POST, Method.GET, Method.OPTIONS, Method.PUT, Method.PATCH)
                .cachedMethods(CachedMethods.builder().quantity(3).items(Method.HEAD, Method.GET, Method.OPTIONS).build())
                .build()));
        assertTrue(diff(live).isEmpty(), diff(live).toString());
    }

    @Test
    void aMethodMissingFromTheLiveListIsAChangeShownAsBothLists() {
        DistributionConfig live = withBehaviour(desired(), b -> b.allowedMethods(AllowedMethods.builder().quantity(3)
                .items(Method.HEAD, Method.GET, Method.OPTIONS)
                .cachedMethods(CachedMethods.builder().quantity(3).items(Method.HEAD, Method.GET, Method.OPTIONS).build())
                .build()));
        DistributionDiff diff = diff(live);
        assertEquals(List.of("DefaultCacheBehavior.AllowedMethods.Quantity", "DefaultCacheBehavior.AllowedMethods.Items"),
                fields(diff));
        assertEquals("3", diff.changes().get(0).from());
        assertEquals("7", diff.changes().get(0).to());
        // A list of names is one change, shown whole and in the order each side holds it.
        assertEquals("[\"HEAD\",\"GET\",\"OPTIONS\"]", diff.changes().get(1).from());
        assertEquals("[\"GET\",\"HEAD\",\"OPTIONS\",\"PUT\",\"PATCH\",\"POST\",\"DELETE\"]", diff.changes().get(1).to());
        assertFalse(diff.touchesCertificate());
    }

    @Test
    void emptyListsAndEmptyStringsCloudFrontEchoesForUnsetMembersAreNotChanges() {
        // console-distribution.xml: <LambdaFunctionAssociations><Quantity>0</Quantity></...>, an empty
        // FieldLevelEncryptionId, <OriginGroups><Quantity>0</Quantity></OriginGroups>; and an echoed empty <Items/>.
        DistributionConfig live = withBehaviour(desired(), b -> b
                .lambdaFunctionAssociations(l -> l.quantity(0))
                .functionAssociations(f -> f.quantity(0).items(List.of()))
                .fieldLevelEncryptionId(""))
                .toBuilder()
                .originGroups(g -> g.quantity(0))
                .customErrorResponses(c -> c.quantity(0).items(List.of()))
                .build();
        DistributionDiff diff = diff(live);
        assertTrue(diff.isEmpty(), diff.toString());
    }

    @Test
    void anEmptyCustomHeadersListEchoedWithItemsEqualsTheRenderedEmptyList() {
        DistributionConfig live = withOrigin(desired(), o -> o.toBuilder()
                .customHeaders(CustomHeaders.builder().quantity(0).items(List.of()).build()).build());
        assertTrue(diff(live).isEmpty(), diff(live).toString());
    }

    @Test
    void aMemberOnlyTheCustomerSetIsKeptAndIsNotAChange() {
        // Members linkproxy does not manage (here the origin's ConnectionAttempts and Origin Shield, the behaviour's
        // Compress) are the same on both sides of the comparison, because the merge keeps them.
        DistributionConfig live = withBehaviour(withOrigin(desired(), o -> o.toBuilder().connectionAttempts(3)
                .connectionTimeout(10).originShield(s -> s.enabled(false)).build()), b -> b.compress(false)
                .smoothStreaming(false));
        DistributionDiff diff = diff(live);
        assertTrue(diff.isEmpty(), diff.toString());
        assertEquals(3, diff.merged().origins().items().get(0).connectionAttempts());
        assertEquals(false, diff.merged().defaultCacheBehavior().compress());
    }

    @Test
    void aChangedViewerProtocolIsOneChangeFromTheLiveValueToTheRenderedOne() {
        DistributionConfig live = withBehaviour(desired(), b -> b.viewerProtocolPolicy("redirect-to-https"));
        DistributionDiff diff = diff(live);
        Change change = only(diff);
        assertEquals(Change.Action.UPDATE, change.action());
        assertEquals("distribution " + ID, change.resource());
        assertEquals("DefaultCacheBehavior.ViewerProtocolPolicy", change.field());
        assertEquals("redirect-to-https", change.from());
        assertEquals("allow-all", change.to());
        assertFalse(diff.isEmpty());
        assertFalse(diff.touchesCertificate());
        assertEquals("allow-all", diff.merged().defaultCacheBehavior().viewerProtocolPolicyAsString());
        assertEquals("distribution " + ID + ": [~ distribution " + ID
                + " DefaultCacheBehavior.ViewerProtocolPolicy: redirect-to-https → allow-all]", diff.toString());
    }

    @Test
    void aChangedNumberIsShownAsItsDigits() {
        DistributionConfig live = withOrigin(desired(), o -> o.toBuilder()
                .customOriginConfig(o.customOriginConfig().toBuilder().originReadTimeout(60).build()).build());
        Change change = only(diff(live));
        assertEquals("Origins.Items[0].CustomOriginConfig.OriginReadTimeout", change.field());
        assertEquals("60", change.from());
        assertEquals("30", change.to());
    }

    @Test
    void aMemberTheLiveConfigLacksIsShownAsUnset() {
        DistributionConfig live = withBehaviour(desired(), b -> b.originRequestPolicyId(null));
        Change change = only(diff(live));
        assertEquals("DefaultCacheBehavior.OriginRequestPolicyId", change.field());
        assertEquals("(unset)", change.from());
        assertEquals(DistributionConfigRenderer.ALL_VIEWER, change.to());
    }

    @Test
    void aLiveEmptyStringIsShownAsUnsetToo() {
        DistributionConfig live = withBehaviour(desired(), b -> b.originRequestPolicyId(""));
        Change change = only(diff(live));
        assertEquals("(unset)", change.from());
    }

    @Test
    void aMemberTheMergeRemovesIsShownGoingToUnset() {
        // A console-made runbook distribution switched to managed policies: its ForwardedValues go.
        DistributionConfig runbook = rendered(spec().toBuilder().forwarding(Forwarding.RUNBOOK).build());
        DistributionDiff diff = diff(runbook);
        assertEquals(List.of("DefaultCacheBehavior.ForwardedValues", "DefaultCacheBehavior.CachePolicyId",
                "DefaultCacheBehavior.OriginRequestPolicyId"), fields(diff), diff.toString());
        Change forwarded = diff.changes().get(0);
        assertEquals("(unset)", forwarded.to());
        // An object that goes or comes is shown as its JSON, model member names and all.
        assertEquals("{\"QueryString\":true,\"Cookies\":{\"Forward\":\"all\"},\"Headers\":{\"Quantity\":1,"
                + "\"Items\":[\"*\"]},\"QueryStringCacheKeys\":{\"Quantity\":0}}", forwarded.from());
        assertEquals("(unset)", diff.changes().get(1).from());
        assertEquals(DistributionConfigRenderer.CACHING_DISABLED, diff.changes().get(1).to());
        // The runbook's TTLs are dropped from the body, and beside a cache policy they are not reported.
        DefaultCacheBehavior merged = diff.merged().defaultCacheBehavior();
        assertNull(merged.minTTL());
        assertNull(merged.defaultTTL());
        assertNull(merged.maxTTL());
        assertNull(merged.forwardedValues());
    }

    @Test
    void ttlsCloudFrontEchoesBesideACachePolicyAreNotChanges() {
        DistributionConfig live = withBehaviour(desired(), b -> b.minTTL(0L).defaultTTL(86_400L).maxTTL(31_536_000L));
        DistributionDiff diff = diff(live);
        assertTrue(diff.isEmpty(), diff.toString());
    }

    @Test
    void withoutACachePolicyTheTtlsAreCompared() {
        LinkProxySpec runbook = spec().toBuilder().forwarding(Forwarding.RUNBOOK).build();
        DistributionConfig live = withBehaviour(rendered(runbook), b -> b.defaultTTL(3_600L));
        Change change = only(DistributionDiff.between(ID, live, rendered(runbook)));
        assertEquals("DefaultCacheBehavior.DefaultTTL", change.field());
        assertEquals("3600", change.from());
        assertEquals("86400", change.to());
    }

    @Test
    void switchingToTheRunbookBringsTheTtlsBackAsChanges() {
        LinkProxySpec runbook = spec().toBuilder().forwarding(Forwarding.RUNBOOK).build();
        DistributionDiff diff = DistributionDiff.between(ID, desired(), rendered(runbook));
        assertEquals(List.of("DefaultCacheBehavior.CachePolicyId", "DefaultCacheBehavior.OriginRequestPolicyId",
                "DefaultCacheBehavior.ForwardedValues", "DefaultCacheBehavior.MinTTL", "DefaultCacheBehavior.DefaultTTL",
                "DefaultCacheBehavior.MaxTTL"), fields(diff), diff.toString());
        assertEquals("(unset)", diff.changes().get(3).from());
        assertEquals("0", diff.changes().get(3).to());
    }

    @Test
    void anExtraLiveAliasIsKeptNamedAndNotAChange() {
        DistributionConfig live = desired().toBuilder()
                .aliases(a -> a.quantity(2).items("ablink.other.example.com", DOMAIN)).build();
        DistributionDiff diff = diff(live);
        assertTrue(diff.isEmpty(), diff.toString());
        assertEquals(List.of("ablink.other.example.com"), diff.keptAliases());
        assertEquals(List.of("ablink.other.example.com", DOMAIN), diff.merged().aliases().items());
        assertEquals(2, diff.merged().aliases().quantity());
    }

    @Test
    void aliasesInAnotherOrderAreNotAChangeAndTheLiveOrderStays() {
        LinkProxySpec two = spec().toBuilder().linkDomains("a.example.com", "b.example.com").build();
        DistributionConfig live = rendered(two).toBuilder().aliases(a -> a.quantity(2)
                .items("b.example.com", "a.example.com")).build();
        DistributionDiff diff = DistributionDiff.between(ID, live, rendered(two));
        assertTrue(diff.isEmpty(), diff.toString());
        assertEquals(List.of("b.example.com", "a.example.com"), diff.merged().aliases().items());
        assertEquals(List.of(), diff.keptAliases());
    }

    @Test
    void aMissingLinkDomainIsAddedAfterTheLiveAliasesAndTouchesTheCertificate() {
        DistributionConfig live = desired().toBuilder()
                .aliases(a -> a.quantity(1).items("ablink.other.example.com")).build();
        DistributionDiff diff = diff(live);
        assertEquals(List.of("Aliases.Quantity", "Aliases.Items"), fields(diff));
        assertEquals("[\"ablink.other.example.com\"]", diff.changes().get(1).from());
        assertEquals("[\"ablink.other.example.com\",\"" + DOMAIN + "\"]", diff.changes().get(1).to());
        assertTrue(diff.touchesCertificate());
        assertEquals(List.of("ablink.other.example.com", DOMAIN), diff.merged().aliases().items());
        assertEquals(List.of("ablink.other.example.com"), diff.keptAliases());
    }

    @Test
    void aDistributionWithoutAliasesGetsTheLinkDomains() {
        DistributionConfig live = desired().toBuilder().aliases(a -> a.quantity(0)).build();
        DistributionDiff diff = diff(live);
        assertTrue(diff.touchesCertificate());
        assertEquals(List.of(DOMAIN), diff.merged().aliases().items());
        assertEquals(List.of(), diff.keptAliases());
        // An empty list is echoed as its Quantity alone; the items it lacks are shown as unset.
        assertEquals(List.of("Aliases.Quantity", "Aliases.Items"), fields(diff));
        assertEquals("0", diff.changes().get(0).from());
        assertEquals("1", diff.changes().get(0).to());
        assertEquals("(unset)", diff.changes().get(1).from());
        assertEquals("[\"" + DOMAIN + "\"]", diff.changes().get(1).to());
    }

    @Test
    void aConfigWithoutAnyAliasesMemberGetsTheLinkDomains() {
        DistributionConfig live = desired().toBuilder().aliases((software.amazon.awssdk.services.cloudfront.model.Aliases) null)
                .build();
        DistributionDiff diff = diff(live);
        assertEquals(List.of(DOMAIN), diff.merged().aliases().items());
        // No member at all: the whole list is one change.
        Change change = only(diff);
        assertEquals("Aliases", change.field());
        assertEquals("(unset)", change.from());
        assertEquals("{\"Quantity\":1,\"Items\":[\"" + DOMAIN + "\"]}", change.to());
        assertTrue(diff.touchesCertificate());
    }

    @Test
    void anotherCertificateTouchesTheCertificate() {
        String other = ARN.replace("0d3c1a2b", "99999999");
        DistributionConfig live = desired().toBuilder().viewerCertificate(desired().viewerCertificate().toBuilder()
                .acmCertificateArn(other).build()).build();
        DistributionDiff diff = diff(live);
        Change change = only(diff);
        assertEquals("ViewerCertificate.ACMCertificateArn", change.field());
        assertEquals(other, change.from());
        assertEquals(ARN, change.to());
        assertTrue(diff.touchesCertificate());
        assertEquals(ARN, diff.merged().viewerCertificate().acmCertificateArn());
    }

    @Test
    void theCloudFrontDefaultCertificateIsReplacedByTheAcmOne() {
        DistributionConfig live = desired().toBuilder().viewerCertificate(ViewerCertificate.builder()
                .cloudFrontDefaultCertificate(true).minimumProtocolVersion("TLSv1").certificateSource("cloudfront")
                .build()).build();
        DistributionDiff diff = diff(live);
        assertEquals(List.of("ViewerCertificate.CloudFrontDefaultCertificate", "ViewerCertificate.MinimumProtocolVersion",
                "ViewerCertificate.ACMCertificateArn", "ViewerCertificate.SSLSupportMethod"), fields(diff));
        assertEquals("true", diff.changes().get(0).from());
        assertEquals("false", diff.changes().get(0).to());
        assertTrue(diff.touchesCertificate());
        assertEquals(desired().viewerCertificate(), diff.merged().viewerCertificate());
    }

    @Test
    void theTopLevelSettingsAreLinkproxysAndTheirChangesAreReported() {
        DistributionConfig live = desired().toBuilder().priceClass("PriceClass_100").enabled(false)
                .httpVersion("http1.1").isIPV6Enabled(false).build();
        DistributionDiff diff = diff(live);
        assertEquals(List.of("PriceClass", "Enabled", "HttpVersion", "IsIPV6Enabled"), fields(diff));
        assertEquals(List.of("PriceClass_100", "false", "http1.1", "false"),
                diff.changes().stream().map(Change::from).toList());
        assertEquals(List.of("PriceClass_All", "true", "http2", "true"), diff.changes().stream().map(Change::to).toList());
        assertFalse(diff.touchesCertificate());
        DistributionConfig merged = diff.merged();
        assertEquals("PriceClass_All", merged.priceClassAsString());
        assertEquals(true, merged.enabled());
        assertEquals("http2", merged.httpVersionAsString());
        assertEquals(true, merged.isIPV6Enabled());
    }

    @Test
    void theCustomersOwnMembersSurviveTheMergeAndAreNotChanges() {
        DistributionConfig live = desired().toBuilder().callerReference("console-1712345678901")
                .comment("Braze click tracking")
                .logging(l -> l.enabled(true).includeCookies(false).bucket("logs.s3.amazonaws.com").prefix("ablink/"))
                .webACLId("arn:aws:wafv2:us-east-1:123456789012:global/webacl/customer/abc")
                .restrictions(r -> r.geoRestriction(g -> g.restrictionType("blacklist").quantity(1).items("KP")))
                .build();
        DistributionDiff diff = diff(live);
        assertTrue(diff.isEmpty(), diff.toString());
        DistributionConfig merged = diff.merged();
        assertEquals("console-1712345678901", merged.callerReference());
        assertEquals("Braze click tracking", merged.comment());
        assertEquals("logs.s3.amazonaws.com", merged.logging().bucket());
        assertEquals(live.webACLId(), merged.webACLId());
        assertEquals(List.of("KP"), merged.restrictions().geoRestriction().items());
    }

    @Test
    void theOriginTheBehaviourTargetsIsUpdatedInPlaceUnderItsOwnId() {
        // The console names origins as it likes; the behaviour's target decides which one is linkproxy's.
        Origin assets = Origin.builder().id("assets").domainName("assets.example.com").originPath("")
                .customHeaders(h -> h.quantity(0)).customOriginConfig(desired().origins().items().get(0)
                        .customOriginConfig()).build();
        Origin mine = desired().origins().items().get(0).toBuilder().id("Braze_sendgrid-HSTS-email")
                .domainName("old.sendgrid.net").build();
        DistributionConfig live = withBehaviour(desired().toBuilder().origins(o -> o.quantity(2).items(assets, mine))
                .build(), b -> b.targetOriginId("Braze_sendgrid-HSTS-email"));
        DistributionDiff diff = diff(live);
        Change change = only(diff);
        assertEquals("Origins.Items[1].DomainName", change.field());
        assertEquals("old.sendgrid.net", change.from());
        assertEquals("sendgrid.net", change.to());
        List<Origin> merged = diff.merged().origins().items();
        assertEquals(2, diff.merged().origins().quantity());
        assertEquals(assets, merged.get(0));
        assertEquals("Braze_sendgrid-HSTS-email", merged.get(1).id());
        assertEquals("sendgrid.net", merged.get(1).domainName());
        assertEquals("Braze_sendgrid-HSTS-email", diff.merged().defaultCacheBehavior().targetOriginId());
    }

    @Test
    void theTargetedOriginWinsOverAnotherNamedLikeLinkproxys() {
        // The first origin is the one the behaviour sends traffic to; a stale one under linkproxy's id stays as it is.
        Origin targeted = desired().origins().items().get(0).toBuilder().id("Braze_sendgrid-HSTS-email")
                .domainName("old.sendgrid.net").build();
        Origin stale = desired().origins().items().get(0).toBuilder().domainName("stale.example.net").build();
        DistributionConfig live = withBehaviour(desired().toBuilder().origins(o -> o.quantity(2).items(targeted, stale))
                .build(), b -> b.targetOriginId("Braze_sendgrid-HSTS-email"));
        DistributionDiff diff = diff(live);
        assertEquals(List.of("Origins.Items[0].DomainName"), fields(diff), diff.toString());
        assertEquals("sendgrid.net", diff.merged().origins().items().get(0).domainName());
        assertEquals(stale, diff.merged().origins().items().get(1));
        assertEquals("Braze_sendgrid-HSTS-email", diff.merged().defaultCacheBehavior().targetOriginId());
    }

    @Test
    void withoutTheTargetedOriginTheOneNamedLikeLinkproxysIsUsed() {
        Origin other = Origin.builder().id("assets").domainName("assets.example.com").build();
        Origin mine = desired().origins().items().get(0).toBuilder().domainName("old.sendgrid.net").build();
        DistributionConfig live = withBehaviour(desired().toBuilder().origins(o -> o.quantity(2).items(other, mine))
                .build(), b -> b.targetOriginId("gone"));
        DistributionDiff diff = diff(live);
        assertEquals(List.of("Origins.Items[1].DomainName", "DefaultCacheBehavior.TargetOriginId"), fields(diff));
        assertEquals(2, diff.merged().origins().items().size());
        assertEquals("sendgrid.net", diff.merged().origins().items().get(1).domainName());
        assertEquals(other, diff.merged().origins().items().get(0));
        assertEquals("gone", diff.changes().get(1).from());
        assertEquals("linkproxy-sendgrid.net", diff.changes().get(1).to());
    }

    @Test
    void withoutAnyMatchingOriginLinkproxysIsAddedAndTargeted() {
        Origin other = Origin.builder().id("assets").domainName("assets.example.com").build();
        DistributionConfig live = withBehaviour(desired().toBuilder().origins(o -> o.quantity(1).items(other)).build(),
                b -> b.targetOriginId("gone"));
        DistributionDiff diff = diff(live);
        List<Origin> merged = diff.merged().origins().items();
        assertEquals(List.of(other, desired().origins().items().get(0)), merged);
        assertEquals(2, diff.merged().origins().quantity());
        assertEquals("linkproxy-sendgrid.net", diff.merged().defaultCacheBehavior().targetOriginId());
        // Two origins where there was one: the list is reported whole, not item by item.
        assertEquals(List.of("Origins.Quantity", "Origins.Items", "DefaultCacheBehavior.TargetOriginId"), fields(diff));
    }

    @Test
    void aConfigWithoutOriginsOrBehaviourGetsTheRenderedOnes() {
        DistributionConfig live = desired().toBuilder()
                .origins((software.amazon.awssdk.services.cloudfront.model.Origins) null)
                .defaultCacheBehavior((DefaultCacheBehavior) null).build();
        DistributionDiff diff = diff(live);
        assertEquals(desired().origins(), diff.merged().origins());
        assertEquals(desired().defaultCacheBehavior(), diff.merged().defaultCacheBehavior());
        assertEquals(List.of("Origins", "DefaultCacheBehavior"), fields(diff));
    }

    @Test
    void theOriginsLinkproxyManagesAreWrittenAndItsOtherMembersKept() {
        Origin live = desired().origins().items().get(0).toBuilder()
                .domainName("old.example.net")
                .originPath("/old")
                .customHeaders(CustomHeaders.builder().quantity(1).items(OriginCustomHeader.builder()
                        .headerName("X-Forwarded-Host").headerValue("old.example.com").build()).build())
                .customOriginConfig(c -> c.httpPort(8080).httpsPort(8443).originProtocolPolicy("match-viewer")
                        .originSslProtocols(p -> p.quantity(1).itemsWithStrings("TLSv1.1")).originReadTimeout(60)
                        .originKeepaliveTimeout(10).ipAddressType("ipv4"))
                .connectionAttempts(3)
                .build();
        DistributionDiff diff = diff(desired().toBuilder().origins(o -> o.quantity(1).items(live)).build());
        assertEquals(List.of("Origins.Items[0].DomainName", "Origins.Items[0].OriginPath",
                "Origins.Items[0].CustomHeaders.Quantity", "Origins.Items[0].CustomHeaders.Items",
                "Origins.Items[0].CustomOriginConfig.HTTPPort",
                "Origins.Items[0].CustomOriginConfig.HTTPSPort", "Origins.Items[0].CustomOriginConfig.OriginProtocolPolicy",
                "Origins.Items[0].CustomOriginConfig.OriginSslProtocols.Items",
                "Origins.Items[0].CustomOriginConfig.OriginReadTimeout",
                "Origins.Items[0].CustomOriginConfig.OriginKeepaliveTimeout"), fields(diff), diff.toString());
        Origin merged = diff.merged().origins().items().get(0);
        Origin wanted = desired().origins().items().get(0);
        assertEquals(wanted.domainName(), merged.domainName());
        assertEquals("", merged.originPath());
        assertEquals(wanted.customHeaders(), merged.customHeaders());
        assertEquals(wanted.customOriginConfig().toBuilder().ipAddressType("ipv4").build(), merged.customOriginConfig());
        assertEquals(3, merged.connectionAttempts());
    }

    @Test
    void anS3OriginBecomesACustomOrigin() {
        Origin s3 = Origin.builder().id("linkproxy-sendgrid.net").domainName("bucket.s3.amazonaws.com").originPath("")
                .customHeaders(h -> h.quantity(0)).s3OriginConfig(S3OriginConfig.builder().originAccessIdentity("")
                        .build()).build();
        DistributionDiff diff = diff(desired().toBuilder().origins(o -> o.quantity(1).items(s3)).build());
        Origin merged = diff.merged().origins().items().get(0);
        assertNull(merged.s3OriginConfig());
        assertNull(merged.vpcOriginConfig());
        assertEquals(desired().origins().items().get(0).customOriginConfig(), merged.customOriginConfig());
        assertEquals(List.of("Origins.Items[0].DomainName", "Origins.Items[0].S3OriginConfig",
                "Origins.Items[0].CustomOriginConfig"), fields(diff), diff.toString());
        assertEquals("{\"OriginAccessIdentity\":\"\"}", diff.changes().get(1).from());
        assertEquals("(unset)", diff.changes().get(1).to());
    }
}
