package dev.linkproxy.cloudfront;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.protocol.MarshallingType;
import software.amazon.awssdk.core.traits.ListTrait;
import software.amazon.awssdk.core.util.SdkAutoConstructList;
import software.amazon.awssdk.core.util.SdkAutoConstructMap;
import software.amazon.awssdk.services.cloudfront.model.DistributionConfig;
import software.amazon.awssdk.utils.builder.Buildable;

/**
 * Spells an SDK object as JSON with the API's own member names ({@code CallerReference}, {@code Origins}: {@code
 * {Quantity, Items: [...]}}, ...), as in the botocore model, and reads such JSON back into the SDK object. Both walk
 * the SDK's field metadata ({@link SdkPojo#sdkFields()}), whose member names are the model's, so members added by a
 * newer SDK appear without code here, and a member the model does not have is refused. Lists the SDK never received
 * (auto-constructed) and unset members are left out, as the SDK leaves them out of the XML it sends.
 */
public final class DistributionConfigJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private DistributionConfigJson() {
    }

    /** The config as JSON, members in model order. */
    public static ObjectNode toJson(DistributionConfig config) {
        return object(config);
    }

    /**
     * The SDK object {@code json} spells, as {@link #toJson} writes it.
     *
     * @throws IllegalArgumentException on a member the model does not have, or a value of the wrong JSON type
     */
    public static DistributionConfig fromJson(ObjectNode json) {
        return (DistributionConfig) pojo(DistributionConfig.builder(), json, "DistributionConfig");
    }

    private static Object pojo(SdkPojo builder, JsonNode json, String path) {
        if (!json.isObject()) {
            throw new IllegalArgumentException(path + ": an object expected, not " + json);
        }
        json.fields().forEachRemaining(member -> {
            SdkField<?> field = builder.sdkFields().stream().filter(f -> f.memberName().equals(member.getKey()))
                    .findFirst().orElseThrow(() -> new IllegalArgumentException(path + "." + member.getKey()
                            + ": not a member in the CloudFront model"));
            field.set(builder, value(field, member.getValue(), path + "." + member.getKey()));
        });
        return ((Buildable) builder).build();
    }

    private static Object value(SdkField<?> field, JsonNode json, String path) {
        MarshallingType<?> type = field.marshallingType();
        if (type == MarshallingType.SDK_POJO) {
            return pojo(field.constructor().get(), json, path);
        }
        if (type == MarshallingType.LIST && json.isArray()) {
            SdkField<?> member = field.getRequiredTrait(ListTrait.class).memberFieldInfo();
            List<Object> items = new ArrayList<>();
            json.forEach(item -> items.add(value(member, item, path + "[]")));
            return items;
        }
        if (type == MarshallingType.STRING && json.isTextual()) {
            return json.textValue();
        }
        if (type == MarshallingType.BOOLEAN && json.isBoolean()) {
            return json.booleanValue();
        }
        if (type == MarshallingType.INTEGER && json.isIntegralNumber() && json.canConvertToInt()) {
            return json.intValue();
        }
        if (type == MarshallingType.LONG && json.isIntegralNumber() && json.canConvertToLong()) {
            return json.longValue();
        }
        throw new IllegalArgumentException(path + ": " + json + " is not of type " + type);
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
