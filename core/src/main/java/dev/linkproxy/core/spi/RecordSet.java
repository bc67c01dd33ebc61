package dev.linkproxy.core.spi;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * The records of one type at one name (a DNS RRset), as a DNS provider holds them.
 *
 * @param name   the owner name, lower case, no trailing dot ({@code ablink.news.example.com})
 * @param type   the record type in upper case ({@code CNAME}, {@code A}, {@code AAAA}, {@code CAA}, {@code TXT})
 * @param ttl    the time to live the provider serves
 * @param values the record data in presentation form, sorted; host names lower case without the trailing dot
 */
public record RecordSet(String name, String type, Duration ttl, List<String> values) {

    public RecordSet {
        name = normalise(Objects.requireNonNull(name, "name"));
        type = Objects.requireNonNull(type, "type").toUpperCase(Locale.ROOT);
        Objects.requireNonNull(ttl, "ttl");
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("ttl must not be negative: " + ttl);
        }
        boolean hostData = type.equals("CNAME") || type.equals("NS") || type.equals("PTR");
        values = Objects.requireNonNull(values, "values").stream()
                .map(v -> hostData ? normalise(v) : v)
                .sorted()
                .toList();
        if (values.isEmpty()) {
            throw new IllegalArgumentException("a record set holds at least one value: " + name + " " + type);
        }
        if (type.equals("CNAME") && values.size() != 1) {
            throw new IllegalArgumentException("a CNAME set holds exactly one value: " + name + " " + values);
        }
    }

    /** A CNAME from {@code name} to {@code target}. */
    public static RecordSet cname(String name, String target, Duration ttl) {
        return new RecordSet(name, "CNAME", ttl, List.of(target));
    }

    /** The same records with another time to live. */
    public RecordSet withTtl(Duration newTtl) {
        return new RecordSet(name, type, newTtl, values);
    }

    /** Whether both hold the same data, whatever their time to live. */
    public boolean sameData(RecordSet other) {
        return name.equals(other.name) && type.equals(other.type) && values.equals(other.values);
    }

    @Override
    public String toString() {
        return name + " " + ttl.toSeconds() + " " + type + " " + String.join(" ", values);
    }

    private static String normalise(String host) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
    }
}
