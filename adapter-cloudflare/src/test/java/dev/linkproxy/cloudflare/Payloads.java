package dev.linkproxy.cloudflare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * Answers Cloudflare really gave, as cloudflare-go v0.116.0 recorded them in its tests (copied as data into
 * {@code src/test/resources/cloudflare-go/}, see its SOURCE.md). The fake builds every item it serves from one of
 * these, changing only the fields a test is about, so an item has every field, type and shape the real API sends.
 */
final class Payloads {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Payloads() {
    }

    /** A fresh copy of the recorded answer's whole envelope. */
    static ObjectNode envelope(String file) {
        try (InputStream in = Payloads.class.getResourceAsStream("/cloudflare-go/" + file)) {
            if (in == null) {
                throw new IllegalStateException("no recorded payload " + file);
            }
            return (ObjectNode) JSON.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A fresh copy of the recorded answer's {@code result}, or of its first item when it is a list. */
    static ObjectNode item(String file) {
        JsonNode result = envelope(file).path("result");
        return (ObjectNode) (result.isArray() ? result.get(0) : result);
    }
}
