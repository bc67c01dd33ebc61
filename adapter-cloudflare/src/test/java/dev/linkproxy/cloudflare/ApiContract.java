package dev.linkproxy.cloudflare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Cloudflare's own API description as a test oracle: every request must name a method and path template of
 * {@code openapi-subset.json}, and every body must validate against its schema in {@code request-schemas.json}.
 * The files are the team's {@code shared/reference/cloudflare/}, copied unchanged into {@code src/test/resources/vendor-api/}.
 */
final class ApiContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static ApiContract instance;

    /** A path template of the OpenAPI file, with the methods it has. */
    private record Template(String path, Pattern pattern, int literals, Set<String> methods,
                            Map<Integer, Set<String>> enums) {
    }

    private final List<Template> templates = new ArrayList<>();
    private final Map<String, JsonSchema> schemas = new HashMap<>();

    static synchronized ApiContract load() {
        if (instance == null) {
            instance = new ApiContract(referenceDir());
        }
        return instance;
    }

    /** The vendor's files, copied from shared/reference/cloudflare into {@code src/test/resources/vendor-api/}. */
    static Path referenceDir() {
        Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath().resolve("src/test/resources/vendor-api");
        if (!Files.isRegularFile(dir.resolve("openapi-subset.json"))) {
            throw new IllegalStateException("the Cloudflare API description is missing from " + dir);
        }
        return dir;
    }

    private ApiContract(Path dir) {
        try {
            JsonNode openapi = JSON.readTree(dir.resolve("openapi-subset.json").toFile());
            for (Iterator<Map.Entry<String, JsonNode>> it = openapi.path("paths").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                Set<String> methods = new java.util.TreeSet<>();
                e.getValue().fieldNames().forEachRemaining(m -> methods.add(m.toUpperCase(java.util.Locale.ROOT)));
                String regex = Pattern.quote(e.getKey()).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
                int literals = (int) java.util.Arrays.stream(e.getKey().split("/")).filter(s -> !s.startsWith("{")).count();
                templates.add(new Template(e.getKey(), Pattern.compile(regex), literals, methods,
                        pathEnums(openapi, e.getKey(), e.getValue())));
            }
            templates.sort(Comparator.comparingInt(Template::literals).reversed());
            JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
            JsonNode ops = JSON.readTree(dir.resolve("request-schemas.json").toFile()).path("operations");
            ops.fields().forEachRemaining(e -> schemas.put(e.getKey(), factory.getSchema(e.getValue().path("schema"))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Path parameters whose schema is an enum (e.g. {@code ruleset_phase}), by segment index: a request naming a
     * value outside it breaks the contract as surely as a bad body.
     */
    private static Map<Integer, Set<String>> pathEnums(JsonNode openapi, String path, JsonNode item) {
        List<String> segments = List.of(path.split("/"));
        Map<Integer, Set<String>> out = new HashMap<>();
        List<JsonNode> params = new ArrayList<>();
        item.path("parameters").forEach(params::add);
        item.fields().forEachRemaining(op -> op.getValue().path("parameters").forEach(params::add));
        for (JsonNode p : params) {
            if (!"path".equals(p.path("in").asText())) {
                continue;
            }
            JsonNode schema = p.path("schema");
            String ref = schema.path("$ref").asText("");
            if (ref.startsWith("#/")) {
                schema = openapi.at(ref.substring(1));
            }
            if (schema.path("enum").isArray()) {
                Set<String> values = new java.util.TreeSet<>();
                schema.path("enum").forEach(v -> values.add(v.asText()));
                out.put(segments.indexOf("{" + p.path("name").asText() + "}"), values);
            }
        }
        return out;
    }

    /** The {@code METHOD /template} a request matches, if the API has it. */
    Optional<String> operation(String method, String path) {
        return template(method, path).map(t -> method + " " + t.path());
    }

    private Optional<Template> template(String method, String path) {
        for (Template t : templates) {
            if (t.pattern().matcher(path).matches() && t.methods().contains(method)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /** What is wrong with one request, or nothing. {@code path} is relative to {@code /client/v4}, without query. */
    List<String> problems(String method, String path, String body) {
        List<String> out = new ArrayList<>();
        Optional<String> op = operation(method, path);
        if (op.isEmpty()) {
            out.add(method + " " + path + ": no such operation in openapi-subset.json");
            return out;
        }
        String[] segments = path.split("/");
        template(method, path).orElseThrow().enums().forEach((i, values) -> {
            if (!values.contains(segments[i])) {
                out.add(op.get() + ": \"" + segments[i] + "\" is not one of " + values);
            }
        });
        JsonSchema schema = schemas.get(op.get());
        boolean hasBody = body != null && !body.isBlank();
        if (schema == null) {
            if (hasBody) {
                out.add(op.get() + ": sends a body, but the operation takes none");
            }
            return out;
        }
        if (!hasBody) {
            out.add(op.get() + ": the operation requires a body");
            return out;
        }
        try {
            Set<ValidationMessage> errors = schema.validate(JSON.readTree(body));
            errors.forEach(e -> out.add(op.get() + ": " + e.getMessage()));
        } catch (IOException e) {
            out.add(op.get() + ": body is not JSON");
        }
        return out;
    }
}
