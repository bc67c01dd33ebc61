package dev.linkproxy.verifier;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

    private static final ObjectMapper JSON = new ObjectMapper();

    public CheckResult {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(summary, "summary");
        evidence = Collections.unmodifiableMap(new LinkedHashMap<>(evidence));
    }

    /** This result as {@code {"name", "status", "summary", "evidence": {…}}}. */
    public ObjectNode toJson() {
        ObjectNode node = JSON.createObjectNode();
        node.put("name", name);
        node.put("status", status.wireName());
        node.put("summary", summary);
        node.set("evidence", JSON.valueToTree(evidence));
        return node;
    }
}
