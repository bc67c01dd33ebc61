package dev.linkproxy.core.spi;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.linkproxy.core.JsonTrees;
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
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("provider", provider);
        out.set("config", config.deepCopy());
        return out;
    }

    /** {@link #toJson()} as indented text. */
    public String toJsonText() {
        return JsonTrees.pretty(toJson());
    }

    /** Reads a member by JSON pointer, e.g. {@code /DefaultCacheBehavior/ViewerProtocolPolicy}. */
    public JsonNode at(String pointer) {
        return config.at(pointer);
    }
}
