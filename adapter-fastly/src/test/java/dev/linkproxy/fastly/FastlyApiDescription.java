package dev.linkproxy.fastly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Fastly's own API description ({@code shared/reference/fastly/fastly-api.json}, from fastly/fastly-go's docs) as a
 * contract for what the adapter sends: every request's method and path template must be an operation there, and every
 * form field and query parameter one of that operation's parameters. The file spells parameters as Go names in
 * camelCase ({@code sslCertHostname}, {@code type_}, {@code generalDefaultTtl}, {@code filterTlsDomainsId}); the
 * API takes {@code ssl_cert_hostname}, {@code type}, {@code general.default_ttl}, {@code filter[tls_domains.id]}:
 * both sides are compared in one normal form (snake case, any other punctuation as {@code _}).
 */
final class FastlyApiDescription {

    /** One documented operation. */
    record Operation(String name, String method, String path, Pattern pathPattern, int placeholders, Set<String> params) {
    }

    /**
     * Form fields the description leaves out but a recording of the real API shows accepted: go-fastly's
     * fixtures/vcl_snippets/update_versioned.yaml sends {@code content, name, priority, type} to UpdateSnippet and
     * Fastly answers 200 with them applied.
     */
    private static final java.util.Map<String, List<String>> RECORDED_FIELDS =
            java.util.Map.of("UpdateSnippet", List.of("content", "name", "priority", "type"));

    private final List<Operation> operations;

    private FastlyApiDescription(List<Operation> operations) {
        this.operations = operations;
    }

    /** The file, copied from shared/reference/fastly into {@code src/test/resources/vendor-api/}. */
    static FastlyApiDescription load() {
        Path file = Path.of(System.getProperty("user.dir")).toAbsolutePath()
                .resolve("src/test/resources/vendor-api/fastly-api.json");
        try {
            JsonNode root = new ObjectMapper().readTree(Files.readString(file));
            List<Operation> ops = new ArrayList<>();
            root.path("apis").properties().forEach(api -> api.getValue().forEach(op -> {
                String path = op.path("path").asText();
                Set<String> params = new java.util.TreeSet<>();
                op.path("parameters").forEach(p -> params.add(normal(p.path("name").asText())));
                RECORDED_FIELDS.getOrDefault(op.path("operation").asText(), List.of()).forEach(f -> params.add(normal(f)));
                ops.add(new Operation(op.path("operation").asText(), op.path("method").asText(), path,
                        Pattern.compile(Journal.pattern(path).pattern()), path.split("\\{", -1).length - 1, params));
            }));
            if (ops.size() < 50) {
                throw new IllegalStateException(file + " lists only " + ops.size() + " operations");
            }
            return new FastlyApiDescription(ops);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read Fastly's API description at " + file, e);
        }
    }

    /** {@code sslCertHostname}, {@code ssl_cert_hostname}, {@code filter[tls_domains.id]} → snake case. */
    static String normal(String name) {
        String snake = name.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(Locale.ROOT);
        return snake.replaceAll("[^a-z0-9]+", "_").replaceAll("^_+|_+$", "");
    }

    /** The documented operation a call is, the most specific when several templates match. */
    Operation operation(String method, String path) {
        return operations.stream().filter(o -> o.method().equals(method) && o.pathPattern().matcher(path).matches())
                .min(Comparator.comparingInt(Operation::placeholders)).orElse(null);
    }

    /** Every way {@code calls} stray from the description; empty when all are documented. */
    List<String> violations(List<Journal.Call> calls) {
        List<String> out = new ArrayList<>();
        for (Journal.Call c : calls) {
            Operation op = operation(c.method(), c.path());
            if (op == null) {
                out.add("undocumented endpoint: " + c.method() + " " + c.path());
                continue;
            }
            List<String> unknown = new ArrayList<>();
            c.form().keySet().stream().filter(f -> !op.params().contains(normal(f))).forEach(unknown::add);
            c.query().keySet().stream().filter(f -> !op.params().contains(normal(f))).forEach(unknown::add);
            if (!unknown.isEmpty()) {
                out.add(op.name() + " (" + c.method() + " " + op.path() + ") has undocumented fields "
                        + unknown.stream().sorted().collect(Collectors.joining(", ")));
            }
            boolean form = c.contentType().startsWith("application/x-www-form-urlencoded");
            boolean tls = op.path().startsWith("/tls/");
            if (c.write() && tls && form) {
                out.add(op.name() + " takes JSON:API, got a form");
            }
            if (c.write() && !tls && !c.method().equals("DELETE") && !form) {
                out.add(op.name() + " takes a form, got " + c.contentType());
            }
        }
        return out;
    }
}
