package dev.linkproxy.cloudfront;

import static dev.linkproxy.cloudfront.Journal.assertThat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.Deployment;
import dev.linkproxy.core.spi.Plan;
import dev.linkproxy.core.spi.Progress;
import dev.linkproxy.core.spi.ProgressEvent;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

/** Create, no-op re-apply, drift repair and update conflicts, asserted on what reached the API. */
class ApplyFlowTest extends WireMockCloudFront {

    static final String LIST = "GET /2020-05-31/distribution";
    static final String CREATE = "POST /2020-05-31/distribution";
    static final String DESCRIBE_CERT = "ACM DescribeCertificate";

    private static String getConfig(String id) {
        return "GET /2020-05-31/distribution/" + id + "/config";
    }

    private static String putConfig(String id) {
        return "PUT /2020-05-31/distribution/" + id + "/config";
    }

    @Test
    void createFindsNothingChecksTheCertificateThenCreatesOnce() {
        List<ProgressEvent> events = new ArrayList<>();
        Deployment d;
        try (CdnClient client = client()) {
            d = client.apply(spec(), events::add);
        }
        assertThat(journal()).madeExactly(LIST, DESCRIBE_CERT, CREATE);
        Journal.Call create = assertThat(journal()).made(CREATE).once();
        Document sent = Xml.parse(create.body());
        assertEquals(DistributionConfigRenderer.callerReference(List.of(DOMAIN)), Xml.text(sent, "CallerReference"));
        assertEquals(List.of(DOMAIN), Xml.items(sent, "Aliases/Items"));

        FakeCloudFront.Dist created = fake.all().get(0);
        assertEquals(created.id, d.id());
        assertEquals(created.domainName(), d.cutoverTarget().hostName());
        assertEquals(Deployment.Status.IN_PROGRESS, d.status());
        assertEquals("ISSUED", d.certificateState());
        assertEquals(List.of(DOMAIN), d.linkDomains());
        assertEquals(List.of("certificate", "create", "create"), events.stream().map(ProgressEvent::stage).toList());
    }

    @Test
    void secondApplyReadsTwiceAndWritesNothing() {
        try (CdnClient client = client()) {
            Deployment first = client.apply(spec(), Progress.NONE);
            resetJournal();
            Deployment again = client.apply(spec(), Progress.NONE);
            assertEquals(first.id(), again.id());
            assertThat(journal()).madeExactly(LIST, getConfig(first.id())).madeNoWrites();
            assertTrue(client.plan(spec()).isEmpty());
        }
    }

    @Test
    void consoleDriftIsRepairedWithOnePutThatKeepsEverythingElse() {
        String id;
        try (CdnClient client = client()) {
            id = client.apply(spec(), Progress.NONE).id();
        }
        fake.edit(id, doc -> {
            Xml.set(doc, "DefaultCacheBehavior/ViewerProtocolPolicy", "redirect-to-https");
            Xml.set(doc, "Comment", "edited by a person");
            Xml.set(doc, "WebACLId", "arn:aws:wafv2:us-east-1:123456789012:global/webacl/linkproxy-test/1");
        });
        String etag = fake.get(id).etag();
        resetJournal();
        try (CdnClient client = client()) {
            Plan plan = client.plan(spec());
            assertEquals(1, plan.changes().size(), plan.toText());
            assertEquals("DefaultCacheBehavior.ViewerProtocolPolicy", plan.changes().get(0).field());
            assertEquals("redirect-to-https", plan.changes().get(0).from());
            assertEquals("allow-all", plan.changes().get(0).to());
            resetJournal();
            client.apply(spec(), Progress.NONE);
        }
        assertThat(journal()).madeExactly(LIST, getConfig(id), putConfig(id));
        Journal.Call put = assertThat(journal()).made(putConfig(id)).once();
        assertEquals(etag, put.ifMatch());
        Document sent = Xml.parse(put.body());
        assertEquals("allow-all", Xml.text(sent, "DefaultCacheBehavior/ViewerProtocolPolicy"));
        assertEquals("edited by a person", Xml.text(sent, "Comment"), "the customer's comment is kept");
        assertEquals("arn:aws:wafv2:us-east-1:123456789012:global/webacl/linkproxy-test/1", Xml.text(sent, "WebACLId"));
    }

    @Test
    void updateThatMeetsPreconditionFailedReadsAgainAndSucceeds() {
        String id;
        try (CdnClient client = client()) {
            id = client.apply(spec(), Progress.NONE).id();
        }
        fake.edit(id, doc -> Xml.set(doc, "IsIPV6Enabled", "false"));
        fake.changeBeforeNextUpdate(doc -> Xml.set(doc, "Comment", "changed between read and write"));
        resetJournal();
        List<String> messages = new ArrayList<>();
        try (CdnClient client = client()) {
            client.apply(spec(), e -> messages.add(e.message()));
        }
        assertThat(journal()).madeExactly(LIST, getConfig(id), putConfig(id), getConfig(id), putConfig(id));
        List<Journal.Call> puts = assertThat(journal()).made(putConfig(id)).times(2);
        assertFalse(puts.get(0).ifMatch().equals(puts.get(1).ifMatch()), "the second PUT carries the new ETag");
        Document sent = Xml.parse(puts.get(1).body());
        assertEquals("true", Xml.text(sent, "IsIPV6Enabled"));
        assertEquals("changed between read and write", Xml.text(sent, "Comment"));
        assertTrue(messages.stream().anyMatch(m -> m.contains("changed meanwhile")), messages.toString());
        assertTrue(fake.get(id).config.getDocumentElement().getTextContent().contains("changed between read and write"));
    }
}
