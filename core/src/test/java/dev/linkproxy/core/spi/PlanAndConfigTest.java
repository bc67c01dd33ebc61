package dev.linkproxy.core.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.memory.MemoryCdnProvider;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlanAndConfigTest {

    @Test
    void aPlanReadsAsOneChangeALine() {
        Plan plan = new Plan("cloudfront", "E2ABC", List.of(
                Change.update("distribution E2ABC", "DefaultCacheBehavior.ViewerProtocolPolicy", "https-only", "allow-all"),
                Change.create("alias", "ablink.example.com"),
                Change.delete("record", "ablink.example.com A 192.0.2.1")),
                List.of("priceClass has no meaning here"));
        assertEquals("""
                cloudfront E2ABC: 3 changes
                  ~ distribution E2ABC DefaultCacheBehavior.ViewerProtocolPolicy: https-only → allow-all
                  + alias: ablink.example.com
                  - record: ablink.example.com A 192.0.2.1
                  note: priceClass has no meaning here
                """, plan.toText());
        assertFalse(plan.isEmpty());
        assertEquals("{\"provider\":\"cloudfront\",\"target\":\"E2ABC\",\"changes\":[{\"action\":\"update\","
                + "\"resource\":\"distribution E2ABC\",\"field\":\"DefaultCacheBehavior.ViewerProtocolPolicy\","
                + "\"from\":\"https-only\",\"to\":\"allow-all\"},{\"action\":\"create\",\"resource\":\"alias\",\"field\":\"\","
                + "\"from\":null,\"to\":\"ablink.example.com\"},{\"action\":\"delete\",\"resource\":\"record\",\"field\":\"\","
                + "\"from\":\"ablink.example.com A 192.0.2.1\",\"to\":null}],\"notes\":[\"priceClass has no meaning here\"]}",
                plan.toJson().toString());
    }

    @Test
    void anEmptyPlanSaysSo() {
        Plan plan = new Plan("memory", "mem-1", List.of(), List.of());
        assertTrue(plan.isEmpty());
        assertEquals("memory mem-1: no changes\n", plan.toText());
    }

    @Test
    void aNativeConfigCannotBeChangedFromOutside() {
        ObjectNode objects = JsonNodeFactory.instance.objectNode().put("Enabled", true);
        NativeConfig config = new NativeConfig("cloudfront", objects, List.of());
        objects.put("Enabled", false);
        config.config().put("Enabled", false);
        assertEquals("true", config.at("/Enabled").asText());
        assertEquals("{\"provider\":\"cloudfront\",\"config\":{\"Enabled\":true}}", config.toJson().toString());
    }

    @Test
    void driftMadeInAConsoleIsPlannedAndRepaired() {
        MemoryCdnProvider provider = new MemoryCdnProvider();
        LinkProxySpec spec = LinkProxySpec.builder().linkDomains("ablink.example.com").certificate("managed").build();
        try (CdnClient client = provider.connect(ProviderSettings.defaults())) {
            Deployment d = client.apply(spec, Progress.NONE);
            provider.cdn().edit(d.id(), "viewerProtocol", TextNode.valueOf("redirect-to-https"));
            Plan drift = client.plan(spec);
            assertEquals(List.of(Change.update("deployment mem-1", "viewerProtocol", "\"redirect-to-https\"",
                    "\"http-and-https\"")), drift.changes());
            client.apply(spec, Progress.NONE);
            assertTrue(client.plan(spec).isEmpty());
            assertEquals(List.of("READ find", "WRITE create", "READ find", "READ find",
                    "WRITE update mem-1", "READ find"), provider.cdn().journal());
        }
    }
}
