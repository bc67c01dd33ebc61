package dev.linkproxy.fastly;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.linkproxy.core.CdnException;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.Deployment;
import dev.linkproxy.core.spi.Plan;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What the real Fastly API does that the first adapter did not handle (issue 12), one test per point, each failing on
 * the adapter before it.
 */
class FastlyRealApiTest {

    private static final String LINK = FastlyApplyTest.LINK;
    private static final String SECOND = FastlyApplyTest.SECOND;
    private static final String FOREIGN = "shop.example.com";
    private static final Path RESOURCES = Path.of("src/test/resources").toAbsolutePath();

    private final FakeFastlyServer server = new FakeFastlyServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private static LinkProxySpec spec(String... domains) {
        return FakeFastlyServer.managed(domains);
    }


    /** The one subscription, issued, with a domain someone else added by hand. */
    private ObjectNode issuedSubscriptionSharedWith(String foreign) {
        ObjectNode sub = server.fastly.subscriptions.values().iterator().next();
        ((ArrayNode) sub.at("/relationships/tls_domains/data")).addObject().put("type", "tls_domain").put("id", foreign);
        ((ObjectNode) sub.path("attributes")).put("state", "issued");
        return sub;
    }

    private static List<String> domainsOf(JsonNode patch) {
        List<String> out = new ArrayList<>();
        patch.at("/data/relationships/tls_domains/data").forEach(d -> out.add(d.path("id").asText()));
        return out;
    }

    private String order() {
        StringBuilder out = new StringBuilder();
        server.journal().calls().forEach(c -> out.append(c.method()).append(' ').append(c.path()).append('\n'));
        return out.toString();
    }

    // ---- 1. a subscription that grows and shrinks ----

    @Test
    void addingADomainPatchesTheLiveSubscriptionWithForceKeepingItsOtherDomainsBeforeActivating() {
        server.apply(spec(LINK));
        issuedSubscriptionSharedWith(FOREIGN);

        server.apply(spec(LINK, SECOND));

        assertEquals(1, server.fastly.patches.size());
        JsonNode patch = server.fastly.patches.get(0);
        assertEquals(List.of(LINK, FOREIGN, SECOND), domainsOf(patch), "no domain dropped");
        assertEquals(LINK, patch.at("/data/relationships/common_name/data/id").asText());
        assertEquals("cfg-default", patch.at("/data/relationships/tls_configuration/data/id").asText());
        Journal.Call call = server.journal().calls().stream().filter(c -> c.method().equals("PATCH")).findFirst()
                .orElseThrow();
        assertEquals("true", call.query().get("force"));
        String order = order();
        assertTrue(order.indexOf("PATCH /tls/subscriptions") < order.indexOf("/version/2/activate"), order);
        assertTrue(server.fastly.onlyService().version(2).active);

        Plan again = server.plan(spec(LINK, SECOND));
        assertTrue(again.isEmpty(), again.toText());
    }

    @Test
    void aRefusedPatchActivatesNothingAndTheNextApplyConverges() {
        server.apply(spec(LINK));
        issuedSubscriptionSharedWith(FOREIGN);
        server.fastly.patchRefusal = "Subscription can only be updated in the issued state";

        CdnException e = assertThrows(CdnException.class, () -> server.apply(spec(LINK, SECOND)));
        assertEquals("PatchTlsSub", e.operation());
        FakeFastly.Svc svc = server.fastly.onlyService();
        assertEquals(1, svc.active().number, "the active version still serves");
        assertFalse(svc.active().domains.containsKey(SECOND), "the new domain is not served without a certificate");

        server.apply(spec(LINK, SECOND));
        assertTrue(svc.version(2).active);
        assertTrue(svc.version(2).domains.containsKey(SECOND));
        assertEquals(List.of(LINK, FOREIGN, SECOND), domainsOf(server.fastly.patches.get(0)));
    }

    @Test
    void removingADomainShrinksTheSubscriptionOnlyAfterTheVersionStopsServingItAndKeepsForeignDomains() {
        server.apply(spec(LINK, SECOND));
        issuedSubscriptionSharedWith(FOREIGN);
        int before = server.journal().calls().size();

        server.apply(spec(LINK));

        JsonNode patch = server.fastly.patches.get(server.fastly.patches.size() - 1);
        assertEquals(List.of(LINK, FOREIGN), domainsOf(patch));
        String order = order();
        assertTrue(order.indexOf("/version/2/activate") < order.lastIndexOf("PATCH /tls/subscriptions"), order);
        assertFalse(server.fastly.onlyService().version(2).domains.containsKey(SECOND));
        assertTrue(server.journal().calls().size() > before);
    }

    // ---- 2. the JSON:API media type ----

    @Test
    void tlsWritesSendExactlyTheJsonApiMediaTypeAndTheFakeRefusesParameters() throws Exception {
        server.apply(spec(LINK));
        Journal.Call post = server.journal().calls().stream()
                .filter(c -> c.method().equals("POST") && c.path().equals("/tls/subscriptions")).findFirst().orElseThrow();
        assertEquals("application/vnd.api+json", post.contentType());

        HttpResponse<String> refused = HttpClient.newHttpClient().send(HttpRequest.newBuilder()
                .uri(URI.create(server.baseUrl() + "/tls/subscriptions"))
                .header("Fastly-Key", FakeFastly.TOKEN)
                .header("Content-Type", "application/vnd.api+json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString("{\"data\":{\"type\":\"tls_subscription\"}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(415, refused.statusCode(), refused.body());
    }

    // ---- 3. the cutover target ----

    @Test
    void theSubscriptionsConfigurationOnALaterPageGivesTheTarget() {
        for (int i = 0; i < 130; i++) {
            server.fastly.extraConfigurations.add(new String[] {"cfg-" + i, "c" + i + ".sni.global.fastly.net", "false"});
        }
        server.apply(spec(LINK));
        ObjectNode sub = server.fastly.subscriptions.values().iterator().next();
        ((ObjectNode) sub.path("relationships")).putObject("tls_configuration").putObject("data")
                .put("type", "tls_configuration").put("id", "cfg-120");
        try (CdnClient c = server.client()) {
            Deployment d = c.find(spec(LINK)).orElseThrow();
            assertEquals("c120.sni.global.fastly.net", d.cutoverTarget().hostName());
        }
    }

    @Test
    void ipv6WithoutADualStackNameSaysSoAndInventsNothing() {
        LinkProxySpec v6 = spec(LINK).toBuilder().ipv6(true).build();
        server.apply(v6);
        Plan plan = server.plan(v6);
        assertTrue(plan.notes().stream().anyMatch(n -> n.contains("lists no dual-stack name")), plan.toText());
        assertTrue(plan.notes().stream().noneMatch(n -> n.contains("dualstack.t.sni")), plan.toText());
        assertTrue(plan.notes().stream().anyMatch(n -> n.contains("at CNAME t.sni.global.fastly.net")), plan.toText());
    }

    // ---- 4. the services list ----

    @Test
    void aNeverActivatedDraftServingALinkDomainIsNotAdopted() {
        FakeFastly.Svc draft = server.fastly.handMadeService("someone's draft", LINK);
        draft.version(1).active = false;
        Plan plan = server.plan(spec(LINK));
        assertTrue(plan.toText().contains("service (new)"), plan.toText());
        assertTrue(server.journal().calls().stream().noneMatch(c -> c.path().contains(draft.id + "/version/1/domain")),
                "its domains were not even read: the listing's version is the latest, not an active one");
    }

    // ---- 5. errors and snippets ----

    @Test
    void bothWordingsOfADomainHeldByAnotherCustomerAreAConflictWithAWayToProveOwnership() {
        for (String detail : List.of("'x.example.com' is already taken by another customer",
                "Domain 'x.example.com' is owned by another customer")) {
            CdnException e = FastlyErrors.from("CreateDomain", 400,
                    "{\"msg\":\"Bad request\",\"detail\":\"" + detail + "\"}", null);
            assertEquals(CdnException.Kind.CONFLICT, e.kind(), detail);
            assertTrue(e.hint().orElseThrow().contains("_acme-challenge"), e.getMessage());
        }
    }

    @Test
    void aProblemJsonErrorIsRead() {
        CdnException e = FastlyErrors.from("CreateTlsSub", 422, "{\"type\":\"about:blank\",\"title\":\"Unprocessable "
                + "Entity\",\"status\":422,\"detail\":\"tls_domains is invalid\"}", null);
        assertEquals("Unprocessable Entity: tls_domains is invalid", e.detail().orElseThrow());
    }

    @Test
    void aChangedSnippetIsUpdatedInPlaceWithOneWrite() {
        server.apply(spec(LINK));
        FakeFastly.Svc svc = server.fastly.onlyService();
        ObjectNode snippet = svc.version(1).snippets.values().iterator().next();
        snippet.put("content", "# edited by hand");
        int before = server.journal().calls().size();

        server.apply(spec(LINK));

        List<Journal.Call> update = server.journal().calls().subList(before, server.journal().calls().size());
        assertEquals(1, update.stream().filter(c -> c.method().equals("PUT") && c.path().contains("/snippet/")).count(),
                update.toString());
        assertTrue(update.stream().noneMatch(c -> c.method().equals("DELETE")), update.toString());
    }

    // ---- 6. a lost answer to CreateTlsKey ----

    @Test
    void aLostCreateTlsKeyAnswerIsLookedUpByPublicKeySha1NotSentTwice() {
        LinkProxySpec pem = LinkProxySpec.builder().linkDomains(LINK)
                .certificate("pem:" + RESOURCES.resolve("link.crt") + "," + RESOURCES.resolve("link.key")).build();
        server.fastly.dropAnswer("POST /tls/private_keys");
        server.apply(pem);
        assertEquals(1, server.fastly.privateKeys.size(), "one key, not two");
        assertTrue(server.journal().calls().stream().anyMatch(c -> c.method().equals("GET")
                && c.path().equals("/tls/private_keys")), "looked before sending again");
        assertNotNull(server.fastly.privateKeys.get(0).at("/attributes/public_key_sha1").asText(null));
    }

    @Test
    void publicKeySha1IsWhatFastlyRecordedForTheSameKey() throws Exception {
        // go-fastly fixtures/custom_tls/create-key.yaml: this key's public half gave public_key_sha1 7ebc5927….
        Recording.Interaction create = Recording.of("custom_tls/create-key").first("POST");
        String recordedKeyPem = Recording.json(create.requestBody()).at("/data/attributes/key").asText();
        assertEquals("7ebc5927b083d15ac667b4b796f8a1ece2d0bbb9",
                Recording.json(create.responseBody()).at("/data/attributes/public_key_sha1").asText());
        var kf = java.security.KeyFactory.getInstance("RSA");
        var crt = (java.security.interfaces.RSAPrivateCrtKey) kf.generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(
                java.util.Base64.getMimeDecoder().decode(recordedKeyPem.replaceAll("-----[A-Z ]+-----", ""))));
        var pub = kf.generatePublic(new java.security.spec.RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
        assertEquals("7ebc5927b083d15ac667b4b796f8a1ece2d0bbb9", FastlyClient.publicKeySha1(pub));
    }

    static ObjectNode obj() {
        return JsonNodeFactory.instance.objectNode();
    }
}
