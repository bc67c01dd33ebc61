package dev.linkproxy.cloudfront;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * Checks a {@code DistributionConfig} XML body against the botocore model {@code cloudfront-2020-05-31.service-2.json}
 * in {@code shared/reference/cloudfront/} (a copy ships in the test resources): every element a member of its shape, required members present, enum
 * values allowed, the model's ranges and the ranges its member documentation states (the model has no range traits
 * on timeouts: "The minimum timeout is 1 second, the maximum is 120 seconds"), each list's {@code Quantity} equal to
 * its item count, and AllowedMethods / CachedMethods among the sets CloudFront accepts.
 */
final class ModelContract {

    static final String MODEL = "/vendor-api/cloudfront-2020-05-31.service-2.json";
    static final String ROUTE53_MODEL = "/vendor-api/route53-2013-04-01.service-2.json";

    /** The method sets of the AllowedMethods and CachedMethods documentation. */
    private static final List<Set<String>> ALLOWED_SETS = List.of(Set.of("GET", "HEAD"),
            Set.of("GET", "HEAD", "OPTIONS"), Set.of("GET", "HEAD", "OPTIONS", "PUT", "PATCH", "POST", "DELETE"));
    private static final List<Set<String>> CACHED_SETS = List.of(Set.of("GET", "HEAD"), Set.of("GET", "HEAD", "OPTIONS"));

    private static final Pattern DOCUMENTED_RANGE =
            Pattern.compile("minimum (?:\\w+ )?is (\\d+)[^.]*?maximum is (\\d+)");

    private static final Map<String, ModelContract> LOADED = new HashMap<>();

    private final JsonNode model;
    private final JsonNode shapes;

    private ModelContract(JsonNode model) {
        this.model = model;
        this.shapes = model.get("shapes");
    }

    /** The CloudFront model, from the test class path ({@code src/test/resources/vendor-api/}, from shared/reference). */
    static ModelContract load() {
        return load(MODEL);
    }

    /** The Route 53 model, from the same place. */
    static ModelContract route53() {
        return load(ROUTE53_MODEL);
    }

    private static synchronized ModelContract load(String resource) {
        return LOADED.computeIfAbsent(resource, r -> {
            try (var in = ModelContract.class.getResourceAsStream(r)) {
                if (in == null) {
                    throw new IllegalStateException("the botocore model " + r + " is not on the test class path");
                }
                return new ModelContract(new ObjectMapper().readTree(in));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** The whole model (operations, shapes, metadata). */
    JsonNode model() {
        return model;
    }

    /**
     * Every problem of {@code xml} as the body of an operation whose input shape is {@code shapeName}: the root element
     * and namespace the operation's {@code input} names, then every member as {@link #check} walks them.
     */
    List<String> checkDocument(String xml, String rootElement, String namespace, String shapeName) {
        Document doc;
        try {
            var factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            doc = factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (Exception e) {
            return List.of("not XML: " + e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        Element root = doc.getDocumentElement();
        if (!root.getLocalName().equals(rootElement)) {
            problems.add("root element is " + root.getLocalName() + ", expected " + rootElement);
        }
        if (!namespace.equals(root.getNamespaceURI())) {
            problems.add("root namespace is " + root.getNamespaceURI() + ", expected " + namespace);
        }
        walk(root, shapeName, rootElement, problems);
        return problems;
    }

    /** Every problem of {@code xml}, a DistributionConfig document; empty when it satisfies the model. */
    List<String> check(String xml) {
        return checkDocument(xml, "DistributionConfig", "http://cloudfront.amazonaws.com/doc/2020-05-31/",
                "DistributionConfig");
    }

    /** Fails with every problem listed. */
    void assertValid(String xml) {
        List<String> problems = check(xml);
        if (!problems.isEmpty()) {
            throw new AssertionError("DistributionConfig breaks the botocore model:\n  " + String.join("\n  ", problems)
                    + "\n" + xml);
        }
    }

    private void walk(Element el, String shapeName, String path, List<String> problems) {
        JsonNode shape = shapes.get(shapeName);
        switch (shape.path("type").asText()) {
            case "structure" -> structure(el, shapeName, shape, path, problems);
            case "list" -> list(el, shape, path, problems);
            case "string" -> {
                String v = text(el);
                if (shape.has("enum")) {
                    Set<String> allowed = new HashSet<>();
                    shape.get("enum").forEach(e -> allowed.add(e.asText()));
                    if (!allowed.contains(v)) {
                        problems.add(path + ": \"" + v + "\" is not one of " + allowed);
                    }
                }
                range(path, v.length(), shape, problems, "length");
            }
            case "integer", "long" -> {
                try {
                    range(path, Long.parseLong(text(el)), shape, problems, "value");
                } catch (NumberFormatException e) {
                    problems.add(path + ": \"" + text(el) + "\" is not a whole number");
                }
            }
            case "boolean" -> {
                if (!text(el).equals("true") && !text(el).equals("false")) {
                    problems.add(path + ": \"" + text(el) + "\" is not true or false");
                }
            }
            default -> { } // timestamps and blobs do not occur in a DistributionConfig we send
        }
    }

    private void structure(Element el, String shapeName, JsonNode shape, String path, List<String> problems) {
        JsonNode members = shape.get("members");
        Map<String, String> memberByElement = new HashMap<>();
        members.properties().forEach(m -> memberByElement.put(m.getValue().path("locationName").asText(m.getKey()),
                m.getKey()));
        Map<String, Element> seen = new HashMap<>();
        for (Element child : children(el)) {
            String member = memberByElement.get(child.getLocalName());
            String childPath = path + "." + child.getLocalName();
            if (member == null) {
                problems.add(childPath + ": not a member of " + shapeName);
                continue;
            }
            if (seen.put(member, child) != null) {
                problems.add(childPath + ": given twice");
            }
            JsonNode def = members.get(member);
            walk(child, def.get("shape").asText(), childPath, problems);
            Matcher documented = DOCUMENTED_RANGE.matcher(def.path("documentation").asText());
            if (documented.find()) {
                try {
                    long v = Long.parseLong(text(child));
                    long min = Long.parseLong(documented.group(1));
                    long max = Long.parseLong(documented.group(2));
                    if (v < min || v > max) {
                        problems.add(childPath + ": " + v + " is outside " + min + ".." + max
                                + " (stated in the model's documentation)");
                    }
                } catch (NumberFormatException notNumeric) {
                    // reported by the type check
                }
            }
        }
        for (JsonNode required : shape.path("required")) {
            // Members carried in the URI, query string or headers are not in the body.
            if (!seen.containsKey(required.asText()) && !members.path(required.asText()).has("location")) {
                problems.add(path + ": required member " + required.asText() + " is missing");
            }
        }
        if (members.has("Quantity") && members.has("Items") && seen.containsKey("Quantity")) {
            int items = seen.containsKey("Items") ? children(seen.get("Items")).size() : 0;
            String q = text(seen.get("Quantity"));
            if (!q.equals(String.valueOf(items))) {
                problems.add(path + ": Quantity " + q + " but " + items + " Items");
            }
        }
        if (shapeName.equals("AllowedMethods") || shapeName.equals("CachedMethods")) {
            Set<String> methods = new HashSet<>();
            if (seen.containsKey("Items")) {
                children(seen.get("Items")).forEach(m -> methods.add(text(m)));
            }
            List<Set<String>> accepted = shapeName.equals("AllowedMethods") ? ALLOWED_SETS : CACHED_SETS;
            if (!accepted.contains(methods)) {
                problems.add(path + ": " + methods + " is not a method set CloudFront accepts " + accepted);
            }
        }
    }

    private void list(Element el, JsonNode shape, String path, List<String> problems) {
        JsonNode member = shape.get("member");
        String name = member.path("locationName").asText("member");
        List<Element> items = children(el);
        for (int i = 0; i < items.size(); i++) {
            Element item = items.get(i);
            String itemPath = path + "[" + i + "]";
            if (!item.getLocalName().equals(name)) {
                problems.add(itemPath + ": element " + item.getLocalName() + ", expected " + name);
            }
            walk(item, member.get("shape").asText(), itemPath, problems);
        }
        range(path, items.size(), shape, problems, "item count");
    }

    private static void range(String path, long v, JsonNode shape, List<String> problems, String what) {
        if (shape.has("min") && v < shape.get("min").asLong()) {
            problems.add(path + ": " + what + " " + v + " is below the minimum " + shape.get("min").asLong());
        }
        if (shape.has("max") && v > shape.get("max").asLong()) {
            problems.add(path + ": " + what + " " + v + " is above the maximum " + shape.get("max").asLong());
        }
    }

    private static List<Element> children(Element el) {
        List<Element> out = new ArrayList<>();
        for (Node n = el.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    private static String text(Element el) {
        return el.getTextContent().trim();
    }
}
