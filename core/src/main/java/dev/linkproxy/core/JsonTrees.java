package dev.linkproxy.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Reads and writes JSON trees with Jackson's streaming parser and generator, the same text an {@code ObjectMapper}
 * reads and writes. No {@code ObjectMapper} is made: building one is a large share of a short command's start (about
 * 40 ms of {@code plan --offline}, samples/bench/coldstart.sh), and a tree needs none of its data binding.
 */
public final class JsonTrees {

    private static final JsonFactory JSON = new JsonFactory();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonTrees() {
    }

    /** {@code tree} as indented JSON, as {@code ObjectMapper} writes it with {@code INDENT_OUTPUT}. */
    public static String pretty(JsonNode tree) {
        return write(JSON, tree, true);
    }

    /** {@code tree} as JSON on one line. */
    public static String compact(JsonNode tree) {
        return write(JSON, tree, false);
    }

    /** {@code tree} in the format of {@code factory}'s generators (JSON, YAML), indented when {@code indent}. */
    public static String write(JsonFactory factory, JsonNode tree, boolean indent) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = factory.createGenerator(out)) {
            if (indent) {
                g.useDefaultPrettyPrinter();
            }
            write(g, tree);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a JSON tree to a string", e);
        }
        return out.toString();
    }

    /**
     * The first value of {@code parser}'s document as a tree, {@link MissingNode} when there is none. Integers become
     * the smallest of int, long and big integer nodes that holds them, other numbers doubles, as {@code ObjectMapper}
     * reads them. The parser is left open.
     *
     * @throws IOException what the parser throws on text that is not its format (a {@code JsonProcessingException}
     *                     with the location), or on failing to read
     */
    public static JsonNode read(JsonParser parser) throws IOException {
        JsonToken first = parser.nextToken();
        return first == null ? MissingNode.getInstance() : value(parser, first);
    }

    private static JsonNode value(JsonParser p, JsonToken token) throws IOException {
        switch (token) {
            case START_OBJECT:
                ObjectNode object = NODES.objectNode();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_OBJECT; t = p.nextToken()) {
                    String name = p.currentName();
                    object.set(name, value(p, p.nextToken()));
                }
                return object;
            case START_ARRAY:
                ArrayNode array = NODES.arrayNode();
                for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                    array.add(value(p, t));
                }
                return array;
            case VALUE_STRING:
                return NODES.textNode(p.getText());
            case VALUE_NUMBER_INT:
                return switch (p.getNumberType()) {
                    case INT -> NODES.numberNode(p.getIntValue());
                    case LONG -> NODES.numberNode(p.getLongValue());
                    default -> NODES.numberNode(p.getBigIntegerValue());
                };
            case VALUE_NUMBER_FLOAT:
                return NODES.numberNode(p.getDoubleValue());
            case VALUE_TRUE:
                return NODES.booleanNode(true);
            case VALUE_FALSE:
                return NODES.booleanNode(false);
            case VALUE_NULL:
                return NODES.nullNode();
            case VALUE_EMBEDDED_OBJECT:
                // YAML's !!binary, say: kept as the value it is; a spec field expecting text says so.
                Object embedded = p.getEmbeddedObject();
                return embedded instanceof byte[] bytes ? NODES.binaryNode(bytes) : NODES.pojoNode(embedded);
            default:
                throw new IllegalStateException("unexpected " + token + " at " + p.currentLocation());
        }
    }

    private static void write(JsonGenerator g, JsonNode node) throws IOException {
        switch (node.getNodeType()) {
            case OBJECT -> {
                g.writeStartObject();
                for (Map.Entry<String, JsonNode> field : node.properties()) {
                    g.writeFieldName(field.getKey());
                    write(g, field.getValue());
                }
                g.writeEndObject();
            }
            case ARRAY -> {
                g.writeStartArray();
                for (JsonNode item : node) {
                    write(g, item);
                }
                g.writeEndArray();
            }
            case STRING -> g.writeString(node.textValue());
            case NUMBER -> {
                switch (node.numberType()) {
                    case INT, LONG -> g.writeNumber(node.longValue());
                    case BIG_INTEGER -> g.writeNumber(node.bigIntegerValue());
                    case BIG_DECIMAL -> g.writeNumber(node.decimalValue());
                    case FLOAT -> g.writeNumber(node.floatValue());
                    default -> g.writeNumber(node.doubleValue());
                }
            }
            case BOOLEAN -> g.writeBoolean(node.booleanValue());
            case NULL -> g.writeNull();
            case BINARY -> g.writeBinary(node.binaryValue());
            default -> throw new IllegalArgumentException("a " + node.getNodeType() + " node has no JSON text: " + node);
        }
    }
}
