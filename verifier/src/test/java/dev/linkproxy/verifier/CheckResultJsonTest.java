package dev.linkproxy.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A result's JSON is what Jackson's data binding writes for its evidence, node for node, whatever the evidence holds. */
class CheckResultJsonTest {

    private static final ObjectMapper BINDING = new ObjectMapper();

    @Test
    void everyKindOfEvidenceIsWrittenAsDataBindingWritesIt() {
        Map<String, Object> address = new LinkedHashMap<>();
        address.put("address", "127.0.0.1:443");
        address.put("status", "fail");
        address.put("problem", null);
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("serverName", "ablink.news.customer.test");
        evidence.put("chainLength", 2);
        evidence.put("bytes", 5_000_000_000L);
        evidence.put("keptAlive", true);
        evidence.put("cipherSuite", null);
        evidence.put("sans", List.of("a.example.test", "*.example.test"));
        evidence.put("handshakes", new ArrayList<>(List.of(address, Map.of())));
        evidence.put("nested", Map.of("headers", Map.of("Host", "ablink.news.customer.test")));
        evidence.put("withNull", Arrays.asList("x", null));
        // Kinds no check writes today go through data binding, as before.
        evidence.put("status", CheckStatus.WARN);
        evidence.put("ratio", 0.5);
        CheckResult result = new CheckResult("tls", CheckStatus.PASS, "ok", evidence);

        assertEquals(BINDING.valueToTree(evidence), result.toJson().get("evidence"));
        assertEquals(BINDING.valueToTree(Map.of()), new CheckResult("tls", CheckStatus.PASS, "ok", Map.of()).toJson()
                .get("evidence"));
        assertEquals("{\"name\":\"tls\",\"status\":\"pass\",\"summary\":\"ok\",\"evidence\":{}}",
                new CheckResult("tls", CheckStatus.PASS, "ok", Map.of()).toJson().toString());
    }
}
