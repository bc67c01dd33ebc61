package dev.linkproxy.verifier;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What the verifier found for one link domain.
 *
 * @param domain the link domain
 * @param mode   the mode it was checked in
 * @param ready  true when no check failed and every check that the mode judges ran: for {@link VerificationMode#POST_CUTOVER}
 *               the ESP can switch SSL click tracking on; for {@link VerificationMode#PRE_CUTOVER} the DNS can be moved
 * @param checks the checks, in the order {@code dns-cutover}, {@code tls}, {@code https-link}, {@code http-link}
 */
public record VerificationReport(String domain, VerificationMode mode, boolean ready, List<CheckResult> checks) {

    public VerificationReport {
        Objects.requireNonNull(domain, "domain");
        Objects.requireNonNull(mode, "mode");
        checks = List.copyOf(checks);
    }

    /** The check called {@code name}, if it is in this report. */
    public Optional<CheckResult> check(String name) {
        return checks.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /** This report as {@code {"domain", "mode", "ready", "checks": [...]}}. */
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("domain", domain);
        node.put("mode", mode.wireName());
        node.put("ready", ready);
        ArrayNode list = node.putArray("checks");
        checks.forEach(c -> list.add(c.toJson()));
        return node;
    }
}
