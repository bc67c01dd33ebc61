package dev.linkproxy.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads and writes {@link LinkProxySpec} as YAML or JSON. Reading reports every problem at once (unknown or misspelt
 * fields, wrong types, values out of range) as an {@link InvalidSpecException}; writing puts every field down, so
 * a written file reads back to an equal spec.
 */
public final class SpecFiles {

    /** A spec file's syntax. */
    public enum Format {
        YAML, JSON;

        /** The format a file name implies ({@code .yaml}, {@code .yml} or {@code .json}). */
        public static Format of(Path file) {
            String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
            if (name.endsWith(".yaml") || name.endsWith(".yml")) {
                return YAML;
            }
            if (name.endsWith(".json")) {
                return JSON;
            }
            throw new InvalidSpecException(List.of(new SpecProblem(file.toString(),
                    "unknown file type; name spec files *.yaml, *.yml or *.json")));
        }
    }

    /** The fields of a spec file, in the order they are written. */
    static final List<String> FIELDS = List.of("linkDomains", "origin", "originProtocol", "minOriginTls",
            "linkDomainHeader", "originReadTimeoutSeconds", "originKeepAliveSeconds", "viewerProtocol", "methods",
            "forwarding", "cacheTtlSeconds", "certificate", "minViewerTls", "httpVersions", "ipv6", "priceClass");

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    private static final YAMLFactory YAML = YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private SpecFiles() {
    }

    /** Reads a spec file, its format taken from the file name. */
    public static LinkProxySpec read(Path file) {
        Format format = Format.of(file);
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            // Its message is only the path, which the problem already names.
            throw new InvalidSpecException(List.of(new SpecProblem(file.toString(), "no such file")));
        } catch (IOException e) {
            throw new InvalidSpecException(List.of(new SpecProblem(file.toString(), "cannot be read: " + e.getMessage())));
        }
        return parse(text, format);
    }

    /** Parses spec text. */
    public static LinkProxySpec parse(String text, Format format) {
        JsonNode root;
        try (JsonParser parser = factory(format).createParser(text)) {
            root = JsonTrees.read(parser);
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr();
            throw new InvalidSpecException(List.of(new SpecProblem("(file)",
                    "not valid " + format + where + ": " + e.getOriginalMessage())));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read spec text", e);
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            throw new InvalidSpecException(List.of(new SpecProblem("(file)", "empty; a spec needs at least linkDomains and certificate")));
        }
        if (!root.isObject()) {
            throw new InvalidSpecException(List.of(new SpecProblem("(file)", "expected a mapping of spec fields, got " + kind(root))));
        }
        return new Reader(root).read();
    }

    /** Writes {@code spec} to {@code file}, in the format its name implies. */
    public static void write(LinkProxySpec spec, Path file) {
        try {
            Files.writeString(file, format(spec, Format.of(file)), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** The spec as text in the given format, every field present. */
    public static String format(LinkProxySpec spec, Format format) {
        return JsonTrees.write(factory(format), toTree(spec), format == Format.JSON);
    }

    /** The spec as a JSON tree, as written to files. */
    public static ObjectNode toTree(LinkProxySpec spec) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        ArrayNode domains = o.putArray("linkDomains");
        spec.linkDomains().forEach(domains::add);
        o.put("origin", spec.origin().toString());
        o.put("originProtocol", spec.originProtocol().wireName());
        o.put("minOriginTls", spec.minOriginTls().wireName());
        o.put("linkDomainHeader", spec.linkDomainHeader().wireName());
        o.put("originReadTimeoutSeconds", spec.originReadTimeout().getSeconds());
        o.put("originKeepAliveSeconds", spec.originKeepAlive().getSeconds());
        o.put("viewerProtocol", spec.viewerProtocol().wireName());
        ArrayNode methods = o.putArray("methods");
        spec.methods().forEach(m -> methods.add(m.wireName()));
        o.put("forwarding", spec.forwarding().wireName());
        o.put("cacheTtlSeconds", spec.cacheTtl().getSeconds());
        o.put("certificate", spec.certificate().toString());
        o.put("minViewerTls", spec.minViewerTls().wireName());
        ArrayNode versions = o.putArray("httpVersions");
        spec.httpVersions().stream().sorted(Comparator.reverseOrder()).forEach(v -> versions.add(v.wireName()));
        o.put("ipv6", spec.ipv6());
        o.put("priceClass", spec.priceClass().wireName());
        return o;
    }

    private static JsonFactory factory(Format format) {
        return format == Format.YAML ? YAML : JSON;
    }

    private static String kind(JsonNode node) {
        if (node.isArray()) {
            return "a list";
        }
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isNumber()) {
            return "the number " + node.asText();
        }
        if (node.isBoolean()) {
            return node.asText();
        }
        return "\"" + node.asText() + "\"";
    }

    /** Walks one document, collecting every problem before giving up. */
    private static final class Reader {
        private final JsonNode root;
        private final List<SpecProblem> problems = new ArrayList<>();
        private final LinkProxySpec.Builder builder = LinkProxySpec.builder();

        Reader(JsonNode root) {
            this.root = root;
        }

        LinkProxySpec read() {
            for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
                String name = it.next();
                if (!FIELDS.contains(name)) {
                    String guess = closest(name);
                    problems.add(new SpecProblem(name, "unknown field" + (guess == null ? "" : "; did you mean \"" + guess + "\"?")
                            + " Spec fields: " + String.join(", ", FIELDS)));
                }
            }
            stringList("linkDomains", builder::linkDomains);
            text("origin", builder::origin);
            choice("originProtocol", OriginProtocol.class, builder::originProtocol);
            choice("minOriginTls", TlsVersion.class, builder::minOriginTls);
            choice("linkDomainHeader", LinkDomainHeader.class, builder::linkDomainHeader);
            seconds("originReadTimeoutSeconds", builder::originReadTimeout);
            seconds("originKeepAliveSeconds", builder::originKeepAlive);
            choice("viewerProtocol", ViewerProtocol.class, builder::viewerProtocol);
            choices("methods", HttpMethod.class, builder::methods);
            choice("forwarding", Forwarding.class, builder::forwarding);
            seconds("cacheTtlSeconds", builder::cacheTtl);
            text("certificate", builder::certificate);
            choice("minViewerTls", TlsVersion.class, builder::minViewerTls);
            choices("httpVersions", HttpVersion.class, builder::httpVersions);
            JsonNode ipv6 = root.get("ipv6");
            if (ipv6 != null) {
                if (ipv6.isBoolean()) {
                    builder.ipv6(ipv6.booleanValue());
                } else {
                    problems.add(new SpecProblem("ipv6", "expected true or false, got " + kind(ipv6)));
                }
            }
            choice("priceClass", PriceClass.class, builder::priceClass);

            try {
                LinkProxySpec spec = builder.build();
                if (problems.isEmpty()) {
                    return spec;
                }
            } catch (InvalidSpecException e) {
                // A field that failed to parse was left at its default, so the builder cannot repeat its problem.
                problems.addAll(e.problems());
            }
            problems.sort(Comparator.comparingInt(p -> order(p.path())));
            throw new InvalidSpecException(problems);
        }

        private static int order(String path) {
            int bracket = path.indexOf('[');
            int i = FIELDS.indexOf(bracket < 0 ? path : path.substring(0, bracket));
            return i < 0 ? -1 : i;
        }

        private JsonNode scalar(String field) {
            JsonNode node = root.get(field);
            if (node == null) {
                return null;
            }
            if (!node.isValueNode() || node.isNull()) {
                problems.add(new SpecProblem(field, "expected a single value, got " + (node.isNull() ? "nothing" : kind(node))));
                return null;
            }
            return node;
        }

        private void text(String field, java.util.function.Consumer<String> set) {
            JsonNode node = scalar(field);
            if (node != null) {
                set.accept(node.asText());
            }
        }

        private void seconds(String field, java.util.function.Consumer<Duration> set) {
            JsonNode node = scalar(field);
            if (node == null) {
                return;
            }
            if (node.isIntegralNumber() || (node.isTextual() && node.asText().trim().matches("-?\\d{1,10}"))) {
                set.accept(Duration.ofSeconds(Long.parseLong(node.asText().trim())));
            } else {
                problems.add(new SpecProblem(field, "expected a whole number of seconds, got " + kind(node)));
            }
        }

        private <E extends Enum<E> & WireName> void choice(String field, Class<E> type, java.util.function.Consumer<E> set) {
            JsonNode node = scalar(field);
            if (node != null) {
                parseChoice(field, type, node).ifPresent(set);
            }
        }

        private <E extends Enum<E> & WireName> java.util.Optional<E> parseChoice(String path, Class<E> type, JsonNode node) {
            var value = WireName.parse(type, node.asText());
            if (value.isEmpty()) {
                problems.add(new SpecProblem(path, kind(node) + " is not one of " + WireName.choices(type)));
            }
            return value;
        }

        private <E extends Enum<E> & WireName> void choices(String field, Class<E> type, java.util.function.Consumer<Set<E>> set) {
            List<JsonNode> items = list(field);
            if (items == null) {
                return;
            }
            Set<E> values = EnumSet.noneOf(type);
            boolean ok = true;
            for (int i = 0; i < items.size(); i++) {
                var value = parseChoice(field + "[" + i + "]", type, items.get(i));
                ok &= value.isPresent();
                value.ifPresent(values::add);
            }
            if (ok) {
                set.accept(values);
            }
        }

        private void stringList(String field, java.util.function.Consumer<List<String>> set) {
            List<JsonNode> items = list(field);
            if (items != null) {
                List<String> values = new ArrayList<>();
                items.forEach(n -> values.add(n.isValueNode() ? n.asText() : ""));
                set.accept(values);
            }
        }

        private List<JsonNode> list(String field) {
            JsonNode node = root.get(field);
            if (node == null) {
                return null;
            }
            if (node.isValueNode() && !node.isNull()) {
                // A single value where a list is expected is read as a list of one: "linkDomains: a.example.com".
                return List.of(node);
            }
            if (!node.isArray()) {
                problems.add(new SpecProblem(field, "expected a list, got " + (node.isNull() ? "nothing" : kind(node))));
                return null;
            }
            List<JsonNode> items = new ArrayList<>();
            node.forEach(items::add);
            return items;
        }

        private static String closest(String name) {
            String best = null;
            int bestDistance = Integer.MAX_VALUE;
            for (String field : FIELDS) {
                int d = distance(name.toLowerCase(Locale.ROOT), field.toLowerCase(Locale.ROOT));
                if (d < bestDistance) {
                    bestDistance = d;
                    best = field;
                }
            }
            return bestDistance <= Math.max(2, name.length() / 3) ? best : null;
        }

        private static int distance(String a, String b) {
            int[] prev = new int[b.length() + 1];
            int[] cur = new int[b.length() + 1];
            for (int j = 0; j <= b.length(); j++) {
                prev[j] = j;
            }
            for (int i = 1; i <= a.length(); i++) {
                cur[0] = i;
                for (int j = 1; j <= b.length(); j++) {
                    int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                    cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
                }
                int[] t = prev;
                prev = cur;
                cur = t;
            }
            return prev[b.length()];
        }
    }

}
