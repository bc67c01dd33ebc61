package dev.linkproxy.fastly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A go-vcr cassette from go-fastly's {@code fastly/fixtures} (copied as data into {@code src/test/resources/go-fastly/},
 * see its SOURCE.md): the requests go-fastly sent to the real Fastly API and the answers it got, verbatim.
 */
record Recording(List<Interaction> interactions) {

    /** One exchange: the request as sent, the answer as received. */
    record Interaction(String method, String url, String requestBody, int status, String responseBody) {
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    static Recording of(String path) {
        try (InputStream in = Recording.class.getResourceAsStream("/go-fastly/" + path + ".yaml")) {
            if (in == null) {
                throw new IllegalStateException("no recording " + path);
            }
            List<Interaction> out = new ArrayList<>();
            for (JsonNode i : YAML.readTree(in).path("interactions")) {
                out.add(new Interaction(i.at("/request/method").asText(), i.at("/request/url").asText(),
                        i.at("/request/body").asText(""), i.at("/response/code").asInt(),
                        i.at("/response/body").asText("")));
            }
            return new Recording(List.copyOf(out));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The only (or first) exchange with this method. */
    Interaction first(String method) {
        return interactions.stream().filter(i -> i.method().equals(method)).findFirst()
                .orElseThrow(() -> new IllegalStateException("no " + method + " in the recording"));
    }

    /** The recorded answer's body as JSON. */
    static JsonNode json(String body) {
        try {
            return new ObjectMapper().readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
