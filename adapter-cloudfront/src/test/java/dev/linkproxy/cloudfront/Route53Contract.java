package dev.linkproxy.cloudfront;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks one HTTP request against the Route 53 botocore model ({@code route53-2013-04-01.service-2.json}): it must
 * be an operation's method and request URI, carry only the query parameters that operation's input declares (each
 * within its shape: enum, length), every required URI or query member, and, for an operation with a body, an XML
 * document that satisfies the input shape (root element and namespace as the model names them).
 */
final class Route53Contract {

    private final ModelContract model = ModelContract.route53();

    /** Every problem of the request; empty when the model allows it. */
    List<String> check(String method, String url, String body) {
        URI uri = URI.create(url);
        String path = uri.getRawPath();
        Map<String, String> query = query(uri.getRawQuery());
        JsonNode operations = model.model().get("operations");
        for (Map.Entry<String, JsonNode> op : operations.properties()) {
            JsonNode http = op.getValue().get("http");
            if (http.get("method").asText().equals(method) && template(http.get("requestUri").asText()).matcher(path)
                    .matches()) {
                return check(op.getKey(), op.getValue(), query, body);
            }
        }
        return List.of(method + " " + path + " is no Route 53 operation");
    }

    private List<String> check(String name, JsonNode op, Map<String, String> query, String body) {
        List<String> problems = new ArrayList<>();
        JsonNode input = op.get("input");
        JsonNode shape = model.model().get("shapes").get(input.get("shape").asText());
        JsonNode members = shape.get("members");
        Map<String, String> memberByQuery = new LinkedHashMap<>();
        Set<String> bodyMembers = new HashSet<>();
        members.properties().forEach(m -> {
            String location = m.getValue().path("location").asText("");
            if (location.equals("querystring")) {
                memberByQuery.put(m.getValue().get("locationName").asText(), m.getKey());
            } else if (location.isEmpty()) {
                bodyMembers.add(m.getKey());
            }
        });
        for (Map.Entry<String, String> q : query.entrySet()) {
            String member = memberByQuery.get(q.getKey());
            if (member == null) {
                problems.add(name + ": query parameter " + q.getKey() + " is not in " + memberByQuery.keySet());
                continue;
            }
            JsonNode valueShape = model.model().get("shapes").get(members.get(member).get("shape").asText());
            if (valueShape.has("enum")) {
                Set<String> allowed = new HashSet<>();
                valueShape.get("enum").forEach(e -> allowed.add(e.asText()));
                if (!allowed.contains(q.getValue())) {
                    problems.add(name + ": " + q.getKey() + "=" + q.getValue() + " is not one of " + allowed);
                }
            }
            if (valueShape.has("max") && q.getValue().length() > valueShape.get("max").asInt()) {
                problems.add(name + ": " + q.getKey() + " is longer than " + valueShape.get("max").asInt());
            }
        }
        for (JsonNode required : shape.path("required")) {
            JsonNode def = members.get(required.asText());
            if (def.path("location").asText("").equals("querystring")
                    && !query.containsKey(def.get("locationName").asText())) {
                problems.add(name + ": required query parameter " + def.get("locationName").asText() + " is missing");
            }
        }
        if (bodyMembers.isEmpty()) {
            if (body != null && !body.isBlank()) {
                problems.add(name + " takes no body, but one was sent");
            }
        } else if (body == null || body.isBlank()) {
            problems.add(name + " needs a body " + input.path("locationName").asText());
        } else {
            model.checkDocument(body, input.get("locationName").asText(), input.path("xmlNamespace").path("uri")
                    .asText(), input.get("shape").asText()).forEach(p -> problems.add(name + ": " + p));
        }
        return problems;
    }

    /** {@code /2013-04-01/hostedzone/{Id}/rrset/} as a pattern: one path segment per label. */
    private static Pattern template(String requestUri) {
        String path = requestUri.contains("?") ? requestUri.substring(0, requestUri.indexOf('?')) : requestUri;
        return Pattern.compile(Pattern.quote(path).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q"));
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }
}
