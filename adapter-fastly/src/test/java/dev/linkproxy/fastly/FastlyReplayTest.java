package dev.linkproxy.fastly;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.spi.Deployment;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Create, no-op, update, add a domain and remove it, with every TLS subscription and configuration answer taken
 * verbatim from one recorded session with the real API (go-fastly {@code fastly/fixtures/tls_subscription/} and
 * {@code custom_tls_configuration/}): the link domains are the recording's own, so the answers fit the requests.
 * Answers the session does not hold are assembled from its items and marked {@code ASSEMBLED}; the service side
 * (versions, domains, backend, snippet) is the fake's, whose shapes follow the recordings (see SOURCE.md).
 */
class FastlyReplayTest {

    private static final String ONE = "integ-test1.go-fastly-1.com";
    private static final String TWO = "integ-test2.go-fastly-2.com";
    private static final String SUBSCRIPTION = "CDnaWfggp3Pw5pyy7nxG4Q";

    private final FakeFastlyServer server = new FakeFastlyServer();

    @AfterEach
    void stop() {
        server.close();
    }

    private static LinkProxySpec spec(String... domains) {
        return FakeFastlyServer.managed(domains);
    }


    private void serveRecordedTls() {
        Recording.Interaction created = Recording.of("tls_subscription/create").first("POST");
        Recording.Interaction listed = Recording.of("tls_subscription/list").first("GET");
        Recording.Interaction patched = Recording.of("tls_subscription/update").first("PATCH");
        Recording.Interaction configurations = Recording.of("custom_tls_configuration/list").first("GET");

        // ASSEMBLED: no recording lists zero subscriptions; the recorded list with its data emptied.
        ObjectNode none = (ObjectNode) Recording.json(listed.responseBody());
        none.putArray("data");
        none.remove("included");
        ((ObjectNode) none.path("meta")).put("record_count", 0);
        // ASSEMBLED: the list after the PATCH, the recorded PATCH answer's subscription in the recorded list's envelope.
        ObjectNode afterPatch = (ObjectNode) Recording.json(listed.responseBody());
        JsonNode patchedAnswer = Recording.json(patched.responseBody());
        afterPatch.putArray("data").add(patchedAnswer.path("data"));
        afterPatch.set("included", patchedAnswer.path("included"));
        // ASSEMBLED: the answer to a PATCH back to one domain (the session never shrank one).
        ObjectNode shrunk = (ObjectNode) Recording.json(patched.responseBody());
        ArrayNode domains = (ArrayNode) shrunk.at("/data/relationships/tls_domains/data");
        domains.remove(1);

        String json = "application/vnd.api+json";
        server.recorded(get(urlPathEqualTo("/tls/configurations")).willReturn(aResponse()
                .withStatus(configurations.status()).withHeader("Content-Type", json).withBody(configurations.responseBody())));
        server.recorded(get(urlPathEqualTo("/tls/subscriptions")).inScenario("tls").whenScenarioStateIs(STARTED)
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", json).withBody(none.toString())));
        server.recorded(post(urlPathEqualTo("/tls/subscriptions")).inScenario("tls").whenScenarioStateIs(STARTED)
                .willSetStateTo("created").willReturn(aResponse().withStatus(created.status())
                        .withHeader("Content-Type", json).withBody(created.responseBody())));
        server.recorded(get(urlPathEqualTo("/tls/subscriptions")).inScenario("tls").whenScenarioStateIs("created")
                .willReturn(aResponse().withStatus(listed.status()).withHeader("Content-Type", json)
                        .withBody(listed.responseBody())));
        server.recorded(patch(urlPathEqualTo("/tls/subscriptions/" + SUBSCRIPTION)).withQueryParam("force", equalTo("true"))
                .withHeader("Content-Type", equalTo(json)).inScenario("tls").whenScenarioStateIs("created")
                .willSetStateTo("patched").willReturn(aResponse().withStatus(patched.status())
                        .withHeader("Content-Type", json).withBody(patched.responseBody())));
        server.recorded(get(urlPathEqualTo("/tls/subscriptions")).inScenario("tls").whenScenarioStateIs("patched")
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", json).withBody(afterPatch.toString())));
        server.recorded(patch(urlPathEqualTo("/tls/subscriptions/" + SUBSCRIPTION)).withQueryParam("force", equalTo("true"))
                .withHeader("Content-Type", equalTo(json)).inScenario("tls").whenScenarioStateIs("patched")
                .willSetStateTo("created").willReturn(aResponse().withStatus(200)
                        .withHeader("Content-Type", json).withBody(shrunk.toString())));
    }

    private List<Journal.Call> since(int n) {
        List<Journal.Call> all = server.journal().calls();
        return new ArrayList<>(all.subList(n, all.size()));
    }

    private static long writes(List<Journal.Call> calls, String method, String pathPart) {
        return calls.stream().filter(c -> c.method().equals(method) && c.path().contains(pathPart)).count();
    }

    @Test
    void createNoOpUpdateAddAndRemoveADomainAgainstTheRecordedTlsSession() {
        serveRecordedTls();

        // create: the subscription (recorded 201) before the service's first activation
        Deployment created = server.apply(spec(ONE));
        List<Journal.Call> create = since(0);
        assertEquals(1, writes(create, "POST", "/tls/subscriptions"));
        assertEquals(SUBSCRIPTION, created.resources().get("tls_subscription"));
        assertEquals("pending", created.certificateState(), "the recorded state");

        // no-op: reads only
        int mark = server.journal().calls().size();
        assertTrue(server.plan(spec(ONE)).isEmpty());
        server.apply(spec(ONE));
        assertTrue(since(mark).stream().noneMatch(Journal.Call::write), since(mark).toString());

        // update: a backend field; the subscription is left alone
        mark = server.journal().calls().size();
        server.apply(spec(ONE).toBuilder().originReadTimeout(Duration.ofSeconds(45)).build());
        List<Journal.Call> update = since(mark);
        assertEquals(0, writes(update, "PATCH", "/tls/") + writes(update, "POST", "/tls/"), update.toString());
        assertEquals(1, writes(update, "PUT", "/service/") - writes(update, "PUT", "/activate")
                - writes(update, "PUT", "/clone"), "one backend write: " + update);

        // add a domain: the recorded PATCH (force=true), before the version serving it is activated
        mark = server.journal().calls().size();
        LinkProxySpec two = spec(ONE, TWO).toBuilder().originReadTimeout(Duration.ofSeconds(45)).build();
        server.apply(two);
        List<Journal.Call> add = since(mark);
        assertEquals(1, writes(add, "PATCH", "/tls/subscriptions/" + SUBSCRIPTION), add.toString());
        int patchAt = indexOf(add, "PATCH", "/tls/subscriptions");
        int activateAt = indexOf(add, "PUT", "/activate");
        assertTrue(patchAt < activateAt, add.toString());
        assertTrue(server.plan(two).isEmpty(), "converged on the recorded answer");

        // remove it again: the version stops serving it first, then the subscription shrinks
        mark = server.journal().calls().size();
        server.apply(spec(ONE).toBuilder().originReadTimeout(Duration.ofSeconds(45)).build());
        List<Journal.Call> remove = since(mark);
        assertTrue(indexOf(remove, "PUT", "/activate") < indexOf(remove, "PATCH", "/tls/subscriptions"), remove.toString());
    }

    private static int indexOf(List<Journal.Call> calls, String method, String pathPart) {
        for (int i = 0; i < calls.size(); i++) {
            if (calls.get(i).method().equals(method) && calls.get(i).path().contains(pathPart)) {
                return i;
            }
        }
        throw new AssertionError("no " + method + " …" + pathPart + " in " + calls);
    }
}
