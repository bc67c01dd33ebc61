package dev.linkproxy.cloudfront;

import static dev.linkproxy.cloudfront.Journal.assertThat;

import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.Progress;
import org.junit.jupiter.api.Test;

/**
 * What each apply costs in API calls, for the README: create 3 (1 write), no-op re-apply 2 (0 writes), update of a
 * drifted setting 3 (1 write), update that changes the certificate 4 (1 write). One ListDistributions page holds 100
 * distributions; each further page is one more call.
 */
class ApiEconomyTest extends WireMockCloudFront {

    @Test
    void createTakesThreeCallsAndOneWrite() {
        try (CdnClient client = client()) {
            client.apply(spec(), Progress.NONE);
        }
        assertThat(server).madeCalls(3);
        assertThat(server).made("POST /2020-05-31/distribution").once();
    }

    @Test
    void aNoOpReApplyTakesTwoReadsAndNoWrite() {
        try (CdnClient client = client()) {
            client.apply(spec(), Progress.NONE);
            server.resetRequests();
            client.apply(spec(), Progress.NONE);
        }
        assertThat(server).madeCalls(2).madeNoWrites();
    }

    @Test
    void anUpdateTakesThreeCallsAndOneWrite() {
        String id;
        try (CdnClient client = client()) {
            id = client.apply(spec(), Progress.NONE).id();
        }
        fake.edit(id, doc -> Xml.set(doc, "PriceClass", "PriceClass_100"));
        server.resetRequests();
        try (CdnClient client = client()) {
            client.apply(spec(), Progress.NONE);
        }
        assertThat(server).madeCalls(3);
        assertThat(server).made("PUT /2020-05-31/distribution/" + id + "/config").once();
    }

    @Test
    void anUpdateOfTheCertificateChecksItFirst() {
        String id;
        try (CdnClient client = client()) {
            id = client.apply(spec(), Progress.NONE).id();
        }
        String newArn = ARN.replace("0d3c1a2b", "1e4d2b3c");
        fake.certificate(newArn, "ISSUED", DOMAIN);
        server.resetRequests();
        try (CdnClient client = client()) {
            client.apply(spec().toBuilder().certificate("acm:" + newArn).build(), Progress.NONE);
        }
        assertThat(server).madeExactly("GET /2020-05-31/distribution", "GET /2020-05-31/distribution/" + id + "/config",
                "ACM DescribeCertificate", "PUT /2020-05-31/distribution/" + id + "/config");
    }
}
