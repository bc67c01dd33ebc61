package dev.linkproxy.core.spi;

import java.util.Objects;

/**
 * One change a {@link Plan} would make.
 *
 * @param action   create, update or delete
 * @param resource what is changed, in the provider's words, e.g. {@code distribution E2ABC} or {@code dns_record ablink.example.com}
 * @param field    the field changed, or empty for a whole resource
 * @param from     the live value ({@code null} for a create)
 * @param to       the value linkproxy will write ({@code null} for a delete)
 */
public record Change(Action action, String resource, String field, String from, String to) {

    /** What a change does. */
    public enum Action { CREATE, UPDATE, DELETE }

    public Change {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        field = field == null ? "" : field;
    }

    public static Change create(String resource, String summary) {
        return new Change(Action.CREATE, resource, "", null, summary);
    }

    public static Change update(String resource, String field, String from, String to) {
        return new Change(Action.UPDATE, resource, field, from, to);
    }

    public static Change delete(String resource, String summary) {
        return new Change(Action.DELETE, resource, "", summary, null);
    }

    /** One line for a person: {@code ~ distribution E2ABC ViewerProtocolPolicy: https-only → allow-all}. */
    @Override
    public String toString() {
        return switch (action) {
            case CREATE -> "+ " + resource + (to == null || to.isEmpty() ? "" : ": " + to);
            case DELETE -> "- " + resource + (from == null || from.isEmpty() ? "" : ": " + from);
            case UPDATE -> "~ " + resource + " " + field + ": " + from + " → " + to;
        };
    }
}
