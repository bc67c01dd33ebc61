package dev.linkproxy.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.math.BigDecimal;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** JsonTrees reads and writes the same text an ObjectMapper does: the CLIs' output must not change with it. */
class JsonTreesTest {

    private static final ObjectMapper PRETTY = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final ObjectMapper COMPACT = new ObjectMapper();

    /** Every kind of node the CLIs print, nested as their documents nest them. */
    private static ObjectNode everyKind() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode o = f.objectNode();
        o.put("text", "quote \" backslash \\ tab \t newline \n é ☃ \u0001");
        o.put("int", 42);
        o.put("negative", -7);
        o.put("long", 1L << 40);
        o.put("big", new BigInteger("123456789012345678901234567890"));
        o.put("double", 0.1);
        o.put("float", 1.5f);
        o.put("decimal", new BigDecimal("31536000.000"));
        o.put("true", true);
        o.put("false", false);
        o.putNull("null");
        o.putObject("empty object");
        o.putArray("empty array");
        o.putArray("scalars").add("a").add(1).add(false).addNull();
        ObjectNode inner = o.putArray("objects").addObject();
        inner.put("Quantity", 1).putArray("Items").add("ablink.subdomain.customer.com");
        o.withArray("objects").addObject().putObject("deeper").putArray("list").addArray().add(2);
        return o;
    }

    @Test
    void writesIndentedTextExactlyAsTheObjectMapperDoes() throws Exception {
        assertEquals(PRETTY.writeValueAsString(everyKind()), JsonTrees.pretty(everyKind()));
    }

    @Test
    void writesOneLineExactlyAsTheObjectMapperDoes() throws Exception {
        String compact = JsonTrees.compact(everyKind());
        assertEquals(COMPACT.writeValueAsString(everyKind()), compact);
        assertTrue(!compact.contains("\n"), compact);
    }

    @Test
    void writesYamlAsTheObjectMapperDoes() throws Exception {
        YAMLFactory yaml = new YAMLFactory();
        assertEquals(new ObjectMapper(yaml).writeValueAsString(everyKind()), JsonTrees.write(yaml, everyKind(), false));
    }

    @Test
    void readsWhatItWroteAsTheObjectMapperReadsIt() throws Exception {
        String text = JsonTrees.pretty(everyKind());
        JsonNode ours = read(new JsonFactory(), text);
        JsonNode theirs = COMPACT.readTree(text);
        assertEquals(theirs, ours);
        assertEquals(theirs.get("long").numberType(), ours.get("long").numberType());
        assertEquals(theirs.get("big").numberType(), ours.get("big").numberType());
        assertEquals(theirs.get("decimal").numberType(), ours.get("decimal").numberType());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "linkDomains: [a.example.com, b.example.com]\norigin: sendgrid.net\nipv6: false\ncacheTtlSeconds: 0\n",
            "a: 2147483648\nb: 99999999999999999999\nc: 1.25\nd: ~\ne: 'text'\nf: yes\ng: {h: [1, {i: j}]}\n",
            "- 1\n- two\n- [3]\n",
            "just text\n"})
    void readsYamlAsTheObjectMapperReadsIt(String text) throws Exception {
        YAMLFactory yaml = new YAMLFactory();
        assertEquals(new ObjectMapper(yaml).readTree(text), read(yaml, text));
    }

    @Test
    void yamlBinaryIsReadAndWrittenAsTheObjectMapperDoes() throws Exception {
        YAMLFactory yaml = new YAMLFactory();
        String text = "certificate: !!binary aGVsbG8=\n";
        JsonNode ours = read(yaml, text);
        assertEquals(new ObjectMapper(yaml).readTree(text), ours);
        assertTrue(ours.get("certificate").isBinary(), ours.toString());
        assertEquals(COMPACT.writeValueAsString(ours), JsonTrees.compact(ours));
    }

    @Test
    void anEmptyDocumentIsMissing() throws Exception {
        assertTrue(read(new YAMLFactory(), "").isMissingNode());
        assertTrue(read(new JsonFactory(), "   ").isMissingNode());
    }

    @Test
    void aDuplicateFieldIsRefusedWhenTheParserIsStrict() {
        JsonFactory strict = JsonFactory.builder().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
        JsonProcessingException e = assertThrows(JsonProcessingException.class,
                () -> read(strict, "{\"origin\": \"a\", \"origin\": \"b\"}"));
        assertTrue(e.getOriginalMessage().contains("Duplicate field 'origin'"), e.getOriginalMessage());
    }

    @Test
    void brokenTextFailsWithTheParsersLocation() {
        JsonProcessingException e = assertThrows(JsonProcessingException.class,
                () -> read(new JsonFactory(), "{\n  \"a\": [1, 2\n}"));
        assertEquals(3, e.getLocation().getLineNr());
    }

    private static JsonNode read(JsonFactory factory, String text) throws Exception {
        try (JsonParser p = factory.createParser(text)) {
            return JsonTrees.read(p);
        }
    }
}
