package dev.linkproxy.cloudflare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.oas.OpenApi30;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Cloudflare's own API description as a test oracle: every request must name a method and path template of
 * {@code openapi-subset.json} (or of {@code openapi-supplement.json}, the one operation the subset lacks, written from
 * Cloudflare's API reference), and every body must validate against its schema in {@code request-schemas.json}; every
 * answer the fake gives must validate against the operation's response schema for its status, so the fake cannot
 * drift from the description. The files are the team's {@code shared/reference/cloudflare/}, copied unchanged into
 * {@code src/test/resources/vendor-api/}.
 */
final class ApiContract {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static ApiContract instance;

    /** A path template of the OpenAPI file, with the methods it has. */
    private record Template(String file, String path, Pattern pattern, int literals, Set<String> methods,
                            Map<Integer, Set<String>> enums) {
    }

    private static final List<String> DESCRIPTIONS = List.of("openapi-subset.json", "openapi-supplement.json");
    private final Map<String, Optional<JsonSchema>> responseSchemas = new HashMap<>();
    private final JsonSchemaFactory openApi = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V4,
            b -> b.metaSchema(OpenApi30.getInstance()).defaultMetaSchemaIri(OpenApi30.getInstance().getIri()));

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
            for (String file : DESCRIPTIONS) {
            JsonNode openapi = JSON.readTree(dir.resolve(file).toFile());
            for (Map.Entry<String, JsonNode> e : openapi.path("paths").properties()) {
                Set<String> methods = new java.util.TreeSet<>();
                e.getValue().fieldNames().forEachRemaining(m -> methods.add(m.toUpperCase(java.util.Locale.ROOT)));
                String regex = Pattern.quote(e.getKey()).replaceAll("\\{[^}]+}", "\\\\E[^/]+\\\\Q");
                int literals = (int) java.util.Arrays.stream(e.getKey().split("/")).filter(s -> !s.startsWith("{")).count();
                templates.add(new Template(file, e.getKey(), Pattern.compile(regex), literals, methods,
                        pathEnums(openapi, e.getKey(), e.getValue())));
            }
            }
            templates.sort(Comparator.comparingInt(Template::literals).reversed());
            JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
            JsonNode ops = JSON.readTree(dir.resolve("request-schemas.json").toFile()).path("operations");
            ops.properties().forEach(e -> schemas.put(e.getKey(), factory.getSchema(e.getValue().path("schema"))));
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
        item.properties().forEach(op -> op.getValue().path("parameters").forEach(params::add));
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

    /**
     * What is wrong with one answer, or nothing: its body against the operation's response schema for its status
     * ({@code 200}, else {@code 4XX}/{@code 5XX}, else {@code default}), read as OpenAPI 3.0 ({@code nullable} and all).
     */
    List<String> responseProblems(String method, String path, int status, String body) {
        Optional<Template> t = template(method, path);
        if (t.isEmpty()) {
            return List.of(method + " " + path + ": no such operation, so no answer to check");
        }
        String op = method + " " + t.get().path();
        // A failure is checked against the description's common failure envelope: the operations' own 4XX schemas
        // combine it with the success envelope (success: true and false at once), which no answer can meet.
        Optional<JsonSchema> schema = status >= 400 ? failureSchema() : responseSchema(t.get(), method, status);
        if (schema.isEmpty()) {
            return List.of(); // the description says nothing of this answer (listed in the fake's source table)
        }
        try {
            List<String> out = new ArrayList<>();
            schema.get().validate(JSON.readTree(body)).forEach(e -> out.add(op + " → " + status + ": " + e.getMessage()));
            return out;
        } catch (IOException e) {
            return List.of(op + " → " + status + ": the answer is not JSON");
        }
    }

    private synchronized Optional<JsonSchema> failureSchema() {
        return responseSchemas.computeIfAbsent("failure", k -> Optional.of(openApi.getSchema(SchemaLocation.of(
                referenceDir().resolve("openapi-subset.json").toUri()
                        + "#/components/schemas/tls-certificates-and-hostnames_api-response-common-failure"))));
    }

    private synchronized Optional<JsonSchema> responseSchema(Template t, String method, int status) {
        return responseSchemas.computeIfAbsent(t.file() + " " + method + " " + t.path() + " " + status, k -> {
            String pointer = "/paths/" + escape(t.path()) + "/" + method.toLowerCase(java.util.Locale.ROOT) + "/responses/";
            JsonNode doc;
            try {
                doc = JSON.readTree(referenceDir().resolve(t.file()).toFile());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (String code : List.of(Integer.toString(status), (status / 100) + "XX", "default")) {
                String at = pointer + code + "/content/application~1json/schema";
                if (!doc.at(at).isMissingNode()) {
                    return Optional.of(openApi.getSchema(SchemaLocation.of(
                            referenceDir().resolve(t.file()).toUri() + "#" + at)));
                }
            }
            return Optional.empty();
        });
    }

    private static String escape(String pathKey) {
        return pathKey.replace("~", "~0").replace("/", "~1");
    }

    /** What is wrong with one request, or nothing. {@code path} is relative to {@code /client/v4}, without query. */
    List<String> problems(String method, String path, String body) {
        List<String> out = new ArrayList<>();
        Optional<String> op = operation(method, path);
        if (op.isEmpty()) {
            out.add(method + " " + path + ": no such operation in " + DESCRIPTIONS);
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
