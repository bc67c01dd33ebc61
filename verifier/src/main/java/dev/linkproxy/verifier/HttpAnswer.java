package dev.linkproxy.verifier;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The status and headers of one HTTP answer; the body is not kept.
 *
 * @param status  the status code
 * @param reason  the reason phrase
 * @param headers header names in lower case, first value of each
 */
record HttpAnswer(int status, String reason, Map<String, String> headers) {

    HttpAnswer {
        headers = Map.copyOf(headers);
    }

    Optional<String> location() {
        return Optional.ofNullable(headers.get("location"));
    }

    boolean redirect() {
        return (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) && location().isPresent();
    }

    Map<String, Object> evidence() {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("status", status);
        e.put("reason", reason);
        location().ifPresent(l -> e.put("location", l));
        Optional.ofNullable(headers.get("server")).ifPresent(s -> e.put("server", s));
        return e;
    }

    @Override
    public String toString() {
        return status + location().map(l -> " → " + l).orElse("");
    }
}
