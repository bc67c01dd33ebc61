package dev.linkproxy.cloudfront;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.core.Forwarding;
import dev.linkproxy.core.HttpMethod;
import dev.linkproxy.core.HttpVersion;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.OriginProtocol;
import dev.linkproxy.core.PriceClass;
import dev.linkproxy.core.TlsVersion;
import dev.linkproxy.core.ViewerProtocol;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.Progress;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The botocore-model checker passes what the adapter sends and rejects configs CloudFront would refuse. */
class ModelContractTest extends WireMockCloudFront {

    private final ModelContract model = ModelContract.load();

    /** The XML body of a create for {@code spec}, as the SDK sent it. */
    private String sentCreate(LinkProxySpec spec) {
        try (CdnClient client = client()) {
            client.apply(spec, Progress.NONE);
        }
        List<Journal.Call> posts = Journal.assertThat(server).made("POST /2020-05-31/distribution").times(1);
        return posts.get(0).body();
    }

    @Test
    void bothForwardingModesAndTheXForwardedHostHeaderSatisfyTheModel() {
        assertEquals(List.of(), model.check(sentCreate(spec())));
        server.resetRequests();
        fake.certificate(ARN, "ISSUED", DOMAIN, "track.example.com");
        assertEquals(List.of(), model.check(sentCreate(LinkProxySpec.builder().linkDomains("track.example.com")
                .origin("sparkpost").certificate("acm:" + ARN).build())));
        server.resetRequests();
        fake.certificate(ARN, "ISSUED", "*.example.com");
        assertEquals(List.of(), model.check(sentCreate(LinkProxySpec.builder().linkDomains("legacy.example.com")
                .forwarding(Forwarding.RUNBOOK).certificate("acm:" + ARN).build())));
    }

    /**
     * The renderer spells the config as JSON, with the SDK enums' wire values: each value it can write, sent through
     * the SDK, satisfies the model (a misspelt member would be refused before the SDK is reached).
     */
    @Test
    void everyValueTheRendererCanWriteSatisfiesTheModel() {
        fake.certificate(ARN, "ISSUED", "*.example.com");
        LinkProxySpec base = LinkProxySpec.builder().linkDomains("base.example.com").certificate("acm:" + ARN).build();
        List<LinkProxySpec> variants = new java.util.ArrayList<>();
        for (PriceClass p : PriceClass.values()) {
            variants.add(base.toBuilder().priceClass(p).build());
        }
        for (TlsVersion v : TlsVersion.values()) {
            variants.add(base.toBuilder().minViewerTls(v).build());
        }
        for (List<HttpVersion> v : List.of(List.<HttpVersion>of(), List.of(HttpVersion.HTTP_2),
                List.of(HttpVersion.HTTP_3), List.of(HttpVersion.HTTP_2, HttpVersion.HTTP_3))) {
            List<HttpVersion> versions = new java.util.ArrayList<>(v);
            versions.add(HttpVersion.HTTP_1_1);
            variants.add(base.toBuilder().httpVersions(versions).build());
        }
        for (ViewerProtocol v : ViewerProtocol.values()) {
            variants.add(base.toBuilder().viewerProtocol(v).build());
        }
        for (OriginProtocol o : OriginProtocol.values()) {
            variants.add(base.toBuilder().originProtocol(o).build());
        }
        for (Set<HttpMethod> m : DistributionConfigRenderer.ALLOWED_METHOD_SETS) {
            variants.add(base.toBuilder().methods(m).forwarding(Forwarding.RUNBOOK).build());
        }
        for (int i = 0; i < variants.size(); i++) {
            // Each its own link domain: the fake refuses a second create with the same CallerReference.
            LinkProxySpec spec = variants.get(i).toBuilder().linkDomains("v" + i + ".example.com").build();
            assertEquals(List.of(), model.check(sentCreate(spec)), spec.toString());
            server.resetRequests();
        }
        assertEquals(16, variants.size());
    }

    @Test
    void aMissingRequiredMemberIsRejected() {
        assertRejected(doc -> remove(doc, "CallerReference"), "required member CallerReference is missing");
        assertRejected(doc -> remove(doc, "Origins/Items/Origin/DomainName"), "required member DomainName is missing");
    }

    @Test
    void aValueOutsideItsEnumIsRejected() {
        assertRejected(doc -> Xml.set(doc, "DefaultCacheBehavior/ViewerProtocolPolicy", "http-and-https"),
                "\"http-and-https\" is not one of");
        assertRejected(doc -> Xml.set(doc, "ViewerCertificate/MinimumProtocolVersion", "TLSv1.2"), "is not one of");
    }

    @Test
    void aQuantityThatDisagreesWithItsItemsIsRejected() {
        assertRejected(doc -> Xml.set(doc, "Aliases/Quantity", "2"), "Aliases: Quantity 2 but 1 Items");
    }

    @Test
    void aMethodSetCloudFrontDoesNotAcceptIsRejected() {
        assertRejected(doc -> {
            remove(doc, "DefaultCacheBehavior/AllowedMethods/Items/Method"); // drops GET
            Xml.set(doc, "DefaultCacheBehavior/AllowedMethods/Quantity", "6");
        }, "is not a method set CloudFront accepts");
        assertRejected(doc -> {
            Element cached = Xml.find(doc.getDocumentElement(), "DefaultCacheBehavior/AllowedMethods/CachedMethods/Items");
            Element put = doc.createElementNS(FakeCloudFront.NS, "Method");
            put.setTextContent("PUT");
            cached.appendChild(put);
            Xml.set(doc, "DefaultCacheBehavior/AllowedMethods/CachedMethods/Quantity", "4");
        }, "CachedMethods: [");
    }

    @Test
    void aTimeoutOutsideTheDocumentedRangeIsRejected() {
        assertRejected(doc -> Xml.set(doc, "Origins/Items/Origin/CustomOriginConfig/OriginReadTimeout", "121"),
                "121 is outside 1..120");
        assertRejected(doc -> Xml.set(doc, "Origins/Items/Origin/CustomOriginConfig/OriginKeepaliveTimeout", "0"),
                "0 is outside 1..120");
    }

    @Test
    void anUnknownElementAndAnEmptyOriginListAreRejected() {
        assertRejected(doc -> Xml.set(doc, "IsIPV6Enabled", "yes"), "is not true or false");
        assertRejected(doc -> {
            remove(doc, "Origins/Items/Origin");
            Xml.set(doc, "Origins/Quantity", "0");
        }, "item count 0 is below the minimum 1");
        assertRejected(doc -> doc.getDocumentElement().appendChild(doc.createElementNS(FakeCloudFront.NS, "Tags")),
                "DistributionConfig.Tags: not a member of DistributionConfig");
    }

    private void assertRejected(Consumer<Document> breakIt, String expectedProblem) {
        String good = sentCreate(spec());
        server.resetRequests();
        Document doc = Xml.parse(good);
        breakIt.accept(doc);
        List<String> problems = model.check(Xml.write(doc));
        assertTrue(problems.stream().anyMatch(p -> p.contains(expectedProblem)),
                "expected a problem containing \"" + expectedProblem + "\", got " + problems);
        // A fresh account for the next break: the fake refuses a second create with the same CallerReference.
        fake = null;
        server.stop();
        startCloudFront();
    }

    private static void remove(Document doc, String path) {
        Element e = Xml.find(doc.getDocumentElement(), path);
        e.getParentNode().removeChild(e);
    }
}
