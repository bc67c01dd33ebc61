package dev.linkproxy.core.spi;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Objects;

/**
 * What an apply would change, worked out from live state with reads only.
 *
 * @param provider the provider id
 * @param target   the deployment it applies to, or empty when it would be created
 * @param changes  the changes, in the order they would be made; empty when the CDN already matches the spec
 * @param notes    things a person should know that are not changes (settings ignored by this CDN, records to publish)
 */
public record Plan(String provider, String target, List<Change> changes, List<String> notes) {

    public Plan {
        Objects.requireNonNull(provider, "provider");
        target = target == null ? "" : target;
        changes = List.copyOf(changes);
        notes = List.copyOf(notes);
    }

    /** True when applying would write nothing. */
    public boolean isEmpty() {
        return changes.isEmpty();
    }

    /** The plan for a person, one change a line. */
    public String toText() {
        StringBuilder out = new StringBuilder();
        out.append(provider).append(target.isEmpty() ? "" : " " + target).append(": ");
        out.append(isEmpty() ? "no changes" : changes.size() + (changes.size() == 1 ? " change" : " changes")).append('\n');
        changes.forEach(c -> out.append("  ").append(c).append('\n'));
        notes.forEach(n -> out.append("  note: ").append(n).append('\n'));
        return out.toString();
    }

    /** The plan as JSON: {@code {"provider", "target", "changes":[{action, resource, field, from, to}], "notes"}}. */
    public ObjectNode toJson() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode out = f.objectNode();
        out.put("provider", provider);
        out.put("target", target);
        ArrayNode list = out.putArray("changes");
        for (Change c : changes) {
            ObjectNode o = list.addObject();
            o.put("action", c.action().name().toLowerCase(java.util.Locale.ROOT));
            o.put("resource", c.resource());
            o.put("field", c.field());
            o.put("from", c.from());
            o.put("to", c.to());
        }
        ArrayNode n = out.putArray("notes");
        notes.forEach(n::add);
        return out;
    }
}
