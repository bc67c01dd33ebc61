package dev.linkproxy.cloudfront;

import static dev.linkproxy.cloudfront.Journal.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.core.CdnException;
import dev.linkproxy.core.Forwarding;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.Change;
import dev.linkproxy.core.spi.Deployment;
import dev.linkproxy.core.spi.Plan;
import dev.linkproxy.core.spi.Progress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/**
 * A distribution someone made by hand from the runbook, with their own additions: found by alias, adopted without
 * churn, and converged to managed policies without losing logging, WAF, geo restriction, the other origin and cache
 * behaviour, the comment or the extra alias. Also: find over many pages, and a lost create answer.
 */
class ExistingDistributionTest extends WireMockCloudFront {

    static String consoleDistribution() {
        try (InputStream in = ExistingDistributionTest.class.getResourceAsStream("/console-distribution.xml")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aConsoleMadeRunbookDistributionAlreadyMatchesTheRunbookSpec() {
        FakeCloudFront.Dist d = fake.add(consoleDistribution());
        try (CdnClient client = client()) {
            Plan plan = client.plan(spec().toBuilder().forwarding(Forwarding.RUNBOOK).build());
            assertTrue(plan.isEmpty(), plan.toText());
            assertTrue(plan.notes().stream().anyMatch(n -> n.contains("ablink.other.example.com")), plan.notes().toString());
            assertEquals(d.id, plan.target());
        }
        assertThat(server).madeNoWrites();
    }

    @Test
    void switchingItToManagedPoliciesChangesOnlyTheForwardingAndKeepsTheRest() {
        FakeCloudFront.Dist d = fake.add(consoleDistribution());
        String etag = d.etag();
        Plan plan;
        try (CdnClient client = client()) {
            plan = client.plan(spec());
            server.resetRequests();
            client.apply(spec(), Progress.NONE);
        }
        List<String> fields = plan.changes().stream().map(Change::field).toList();
        assertEquals(List.of("DefaultCacheBehavior.ForwardedValues", "DefaultCacheBehavior.CachePolicyId",
                "DefaultCacheBehavior.OriginRequestPolicyId"), fields, plan.toText());

        assertThat(server).madeExactly("GET /2020-05-31/distribution", "GET /2020-05-31/distribution/" + d.id + "/config",
                "PUT /2020-05-31/distribution/" + d.id + "/config");
        Journal.Call put = assertThat(server).made("PUT /2020-05-31/distribution/" + d.id + "/config").once();
        assertEquals(etag, put.ifMatch());
        Document sent = Xml.parse(put.body());
        assertEquals(DistributionConfigRenderer.CACHING_DISABLED, Xml.text(sent, "DefaultCacheBehavior/CachePolicyId"));
        assertEquals(DistributionConfigRenderer.ALL_VIEWER, Xml.text(sent, "DefaultCacheBehavior/OriginRequestPolicyId"));
        assertNull(Xml.text(sent, "DefaultCacheBehavior/ForwardedValues"));
        assertNull(Xml.text(sent, "DefaultCacheBehavior/MinTTL"));
        // What the customer set survives, byte for byte where CloudFront compares it.
        assertEquals("console-1712345678901", Xml.text(sent, "CallerReference"));
        assertEquals("Braze click tracking", Xml.text(sent, "Comment"));
        assertEquals("true", Xml.text(sent, "Logging/Enabled"));
        assertEquals("logs.s3.amazonaws.com", Xml.text(sent, "Logging/Bucket"));
        assertEquals("arn:aws:wafv2:us-east-1:123456789012:global/webacl/customer/abc", Xml.text(sent, "WebACLId"));
        assertEquals("blacklist", Xml.text(sent, "Restrictions/GeoRestriction/RestrictionType"));
        assertEquals("/assets/*", Xml.text(sent, "CacheBehaviors/Items/CacheBehavior/PathPattern"));
        assertEquals(List.of("ablink.other.example.com", DOMAIN), Xml.items(sent, "Aliases/Items"));
        assertEquals("2", Xml.text(sent, "Origins/Quantity"));
        assertEquals("Braze_sendgrid-HSTS-email", Xml.text(sent, "DefaultCacheBehavior/TargetOriginId"));
        assertEquals("Braze_sendgrid-HSTS-email", Xml.text(sent, "Origins/Items/Origin/Id"));
        assertEquals("ipv4", Xml.text(sent, "Origins/Items/Origin/CustomOriginConfig/IpAddressType"));
        assertEquals("3", Xml.text(sent, "Origins/Items/Origin/ConnectionAttempts"));

        try (CdnClient client = client()) {
            assertTrue(client.plan(spec()).isEmpty(), "converged");
        }
    }

    @Test
    void findPagesThroughListDistributionsUntilItFindsTheAlias() {
        fake.pageSize(2);
        for (int i = 0; i < 4; i++) {
            fake.add(consoleDistribution().replace("ablink.news.example.com", "other" + i + ".example.com")
                    .replace("ablink.other.example.com", "more" + i + ".example.com"));
        }
        FakeCloudFront.Dist wanted = fake.add(consoleDistribution());
        Deployment found;
        try (CdnClient client = client()) {
            found = client.find(spec()).orElseThrow();
        }
        assertEquals(wanted.id, found.id());
        assertEquals(wanted.domainName(), found.cutoverTarget().hostName());
        assertEquals(Deployment.Status.DEPLOYED, found.status());
        List<Journal.Call> pages = assertThat(server).made("GET /2020-05-31/distribution").times(3);
        assertEquals("", pages.get(0).query());
        assertTrue(pages.get(1).query().startsWith("Marker="), pages.get(1).query());
    }

    @Test
    void linkDomainsSpreadOverTwoDistributionsAreAConflict() {
        fake.add(consoleDistribution().replace("ablink.other.example.com", "x.example.com"));
        fake.add(consoleDistribution().replace("ablink.news.example.com", "y.example.com")
                .replace("console-1712345678901", "console-2"));
        try (CdnClient client = client()) {
            CdnException e = assertThrows(CdnException.class, () -> client.apply(spec().toBuilder()
                    .linkDomains(DOMAIN, "ablink.other.example.com").build(), Progress.NONE));
            assertEquals(CdnException.Kind.CONFLICT, e.kind());
            assertTrue(e.getMessage().contains("several distributions"), e.getMessage());
        }
        assertThat(server).madeNoWrites();
    }

    @Test
    void aCreateWhoseAnswerWasLostIsFoundInsteadOfMadeTwice() {
        fake.loseNextCreateAnswer();
        Deployment d;
        try (CdnClient client = client()) {
            d = client.apply(spec(), Progress.NONE);
        }
        assertEquals(1, fake.all().size(), "one distribution");
        assertEquals(fake.all().get(0).id, d.id());
        assertThat(server).madeExactly("GET /2020-05-31/distribution", "ACM DescribeCertificate",
                "POST /2020-05-31/distribution", "POST /2020-05-31/distribution", "GET /2020-05-31/distribution");
    }
}
