package dev.linkproxy.cloudfront;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;

/**
 * Spells an SDK object as JSON with the API's own member names ({@code CallerReference}, {@code Origins}: {@code
 * {Quantity, Items: [...]}}, ...), as in the botocore model. It walks the SDK's field metadata ({@link
 * SdkPojo#sdkFields()}), whose member names are the model's, so no name is typed twice and members added by a
 * newer SDK appear without code here. Lists the SDK never received (auto-constructed) and unset members are left
 * out, as the SDK leaves them out of the XML it sends.
 */
public final class DistributionConfigJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private DistributionConfigJson() {
    }

    /** The config as JSON, members in model order. */
    public static ObjectNode toJson(DistributionConfig config) {
        return object(config);
    }

    static ObjectNode object(SdkPojo pojo) {
        ObjectNode out = JSON.objectNode();
        for (SdkField<?> field : pojo.sdkFields()) {
            Object value = field.getValueOrDefault(pojo);
            if (value != null && !(value instanceof SdkAutoConstructList) && !(value instanceof SdkAutoConstructMap)) {
                out.set(field.memberName(), node(value));
            }
        }
        return out;
    }

    private static com.fasterxml.jackson.databind.JsonNode node(Object value) {
        if (value instanceof SdkPojo pojo) {
            return object(pojo);
        }
        if (value instanceof List<?> list) {
            ArrayNode array = JSON.arrayNode();
            list.forEach(item -> array.add(node(item)));
            return array;
        }
        if (value instanceof Map<?, ?> map) {
            ObjectNode o = JSON.objectNode();
            map.forEach((k, v) -> o.set(String.valueOf(k), node(v)));
            return o;
        }
        if (value instanceof Boolean b) {
            return JSON.booleanNode(b);
        }
        if (value instanceof Integer i) {
            return JSON.numberNode(i);
        }
        if (value instanceof Long l) {
            return JSON.numberNode(l);
        }
        if (value instanceof Instant t) {
            return JSON.textNode(t.toString());
        }
        // Enums are held as their wire strings by the SDK; any other scalar is spelt as text.
        return JSON.textNode(String.valueOf(value));
    }
}
