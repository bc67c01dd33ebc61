package dev.linkproxy.cloudfront;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks ACM calls against the botocore model {@code acm-2015-12-08.service-2.json} (JSON protocol 1.1): the
 * {@code X-Amz-Target} names an operation, and the request body (and the answer, against the output shape) holds
 * only the shape's members, the required ones, each of its type, within its length, range, pattern and enum.
 */
final class AcmContract {

    static final String MODEL = "/vendor-api/acm-2015-12-08.service-2.json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JsonNode model;

    AcmContract() {
        try (var in = AcmContract.class.getResourceAsStream(MODEL)) {
            if (in == null) {
                throw new IllegalStateException("the ACM model " + MODEL + " is not on the test class path");
            }
            model = JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every problem of a request; empty when the model allows it. */
    List<String> request(String target, String body) {
        return check(target, body, "input");
    }

    /** Every problem of a 200 answer to {@code target}. */
    List<String> answer(String target, String body) {
        return check(target, body, "output");
    }

    private List<String> check(String target, String body, String side) {
        String prefix = model.path("metadata").path("targetPrefix").asText() + ".";
        if (target == null || !target.startsWith(prefix)) {
            return List.of("X-Amz-Target " + target + " is not " + prefix + "<operation>");
        }
        String op = target.substring(prefix.length());
        JsonNode operation = model.path("operations").path(op);
        if (operation.isMissingNode()) {
            return List.of(op + " is no ACM operation");
        }
        List<String> problems = new ArrayList<>();
        JsonNode json;
        try {
            json = JSON.readTree(body == null || body.isBlank() ? "{}" : body);
        } catch (IOException e) {
            return List.of(op + " " + side + " is not JSON");
        }
        if (operation.has(side)) {
            walk(json, operation.path(side).path("shape").asText(), op + " " + side, problems);
        }
        return problems;
    }

    private void walk(JsonNode value, String shapeName, String path, List<String> problems) {
        JsonNode shape = model.path("shapes").path(shapeName);
        switch (shape.path("type").asText()) {
            case "structure" -> {
                if (!value.isObject()) {
                    problems.add(path + ": not an object");
                    return;
                }
                JsonNode members = shape.path("members");
                for (Map.Entry<String, JsonNode> f : value.properties()) {
                    if (!members.has(f.getKey())) {
                        problems.add(path + "." + f.getKey() + ": not a member of " + shapeName);
                    } else {
                        walk(f.getValue(), members.path(f.getKey()).path("shape").asText(), path + "." + f.getKey(),
                                problems);
                    }
                }
                for (JsonNode r : shape.path("required")) {
                    if (!value.has(r.asText())) {
                        problems.add(path + ": required member " + r.asText() + " is missing");
                    }
                }
            }
            case "list" -> {
                if (!value.isArray()) {
                    problems.add(path + ": not a list");
                    return;
                }
                range(path, value.size(), shape, problems, "item count");
                for (int i = 0; i < value.size(); i++) {
                    walk(value.get(i), shape.path("member").path("shape").asText(), path + "[" + i + "]", problems);
                }
            }
            case "string" -> {
                if (!value.isTextual()) {
                    problems.add(path + ": not a string");
                    return;
                }
                String v = value.asText();
                range(path, v.length(), shape, problems, "length");
                if (shape.has("enum")) {
                    Set<String> allowed = new HashSet<>();
                    shape.path("enum").forEach(e -> allowed.add(e.asText()));
                    if (!allowed.contains(v)) {
                        problems.add(path + ": \"" + v + "\" is not one of " + allowed);
                    }
                }
                if (shape.has("pattern") && !Pattern.compile(shape.path("pattern").asText()).matcher(v).matches()) {
                    problems.add(path + ": \"" + v + "\" does not match " + shape.path("pattern").asText());
                }
            }
            case "integer", "long" -> {
                if (!value.isIntegralNumber()) {
                    problems.add(path + ": not a whole number");
                } else {
                    range(path, value.asLong(), shape, problems, "value");
                }
            }
            case "boolean" -> {
                if (!value.isBoolean()) {
                    problems.add(path + ": not true or false");
                }
            }
            case "timestamp" -> {
                if (!value.isNumber()) {
                    problems.add(path + ": not an epoch timestamp");
                }
            }
            default -> { } // blobs and maps do not occur in the calls linkproxy makes
        }
    }

    private static void range(String path, long v, JsonNode shape, List<String> problems, String what) {
        if (shape.has("min") && v < shape.path("min").asLong()) {
            problems.add(path + ": " + what + " " + v + " is below the minimum " + shape.path("min").asLong());
        }
        if (shape.has("max") && v > shape.path("max").asLong()) {
            problems.add(path + ": " + what + " " + v + " is above the maximum " + shape.path("max").asLong());
        }
    }
}
