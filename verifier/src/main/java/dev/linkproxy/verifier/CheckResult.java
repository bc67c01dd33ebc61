package dev.linkproxy.verifier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The outcome of one check.
 *
 * @param name     the check's name: {@code dns-cutover}, {@code tls}, {@code https-link} or {@code http-link}
 * @param status   the verdict
 * @param summary  one line a person can act on
 * @param evidence what decided it, as JSON-friendly values (strings, numbers, booleans, lists and maps of them),
 *                 in a stable order
 */
public record CheckResult(String name, CheckStatus status, String summary, Map<String, Object> evidence) {

    /** The check that follows the link domain's DNS. */
    public static final String DNS_CUTOVER = "dns-cutover";
    /** The check of TLS termination for the link domain. */
    public static final String TLS = "tls";
    /** The tracked link over HTTPS. */
    public static final String HTTPS_LINK = "https-link";
    /** The tracked link over plain HTTP. */
    public static final String HTTP_LINK = "http-link";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    public CheckResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(summary, "summary");
        evidence = Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
    }

    /** This result as {@code {"name", "status", "summary", "evidence": {…}}}. */
    public ObjectNode toJson() {
        ObjectNode node = NODES.objectNode();
        node.put("name", name);
        node.put("status", status.wireName());
        node.put("summary", summary);
        node.set("evidence", json(evidence));
        return node;
    }

    /**
     * {@code value} as JSON, as Jackson's data binding writes it: the evidence's own kinds (text, whole numbers,
     * booleans, null, lists and maps of them) directly, since a bulk run writes four results per domain and data binding
     * cost more than the rest of writing them while the JVM warms up; any other value through data binding.
     */
    static JsonNode json(Object value) {
        if (value == null) {
            return NODES.nullNode();
        }
        if (value instanceof String text) {
            return NODES.textNode(text);
        }
        if (value instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (value instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (value instanceof Long l) {
            return NODES.numberNode(l);
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode object = NODES.objectNode();
            map.forEach((k, v) -> object.set(String.valueOf(k), json(v)));
            return object;
        }
        if (value instanceof Collection<?> items) {
            ArrayNode array = NODES.arrayNode();
            items.forEach(item -> array.add(json(item)));
            return array;
        }
        return DataBinding.JSON.valueToTree(value);
    }

    /** Made on first use only: most reports never need it. */
    private static final class DataBinding {
        static final ObjectMapper JSON = new ObjectMapper();
    }
}
