package dev.linkproxy.core.spi;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * A spec rendered for one CDN: the objects its API will receive, in the API's own member names, as JSON. Pure
 * data, made offline; equal specs render to equal configs.
 *
 * @param provider the provider id
 * @param config   the objects, e.g. CloudFront's {@code DistributionConfig} members
 * @param notes    settings of the spec that have no meaning on this CDN and were left out, one sentence each
 */
public record NativeConfig(String provider, ObjectNode config, List<String> notes) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public NativeConfig {
        Objects.requireNonNull(provider, "provider");
        config = config.deepCopy();
        notes = List.copyOf(notes);
    }

    /** A copy of the objects; changing it changes nothing here. */
    @Override
    public ObjectNode config() {
        return config.deepCopy();
    }

    /** {@code {"provider": …, "config": {…}}}, the shape the sample CLIs print. */
    public ObjectNode toJson() {
        ObjectNode out = JSON.createObjectNode();
        out.put("provider", provider);
        out.set("config", config.deepCopy());
        return out;
    }

    /** {@link #toJson()} as indented text. */
    public String toJsonText() {
        try {
            return JSON.writeValueAsString(toJson());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Reads a member by JSON pointer, e.g. {@code /DefaultCacheBehavior/ViewerProtocolPolicy}. */
    public JsonNode at(String pointer) {
        return config.at(pointer);
    }
}
