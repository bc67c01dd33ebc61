package dev.linkproxy.core.spi;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Every record set a cutover may change at one name: its {@code CNAME}, or its {@code A} and {@code AAAA} sets.
 * Empty when the name has none of them. Two values are equal when they hold the same sets, TTLs included, which is
 * what a compare-and-set compares.
 *
 * @param name    the owner name, lower case, no trailing dot
 * @param sets    the record sets at that name, ordered by type
 * @param proxied whether the DNS provider's own proxy answers for the name instead of these records (a Cloudflare
 *                proxied record, which is the cutover when Cloudflare is the CDN); false for every other provider
 */
public record NameRecords(String name, List<RecordSet> sets, boolean proxied) {

    /** The types a cutover reads and writes. */
    public static final List<String> CUTOVER_TYPES = List.of("A", "AAAA", "CNAME");

    public NameRecords {
        String n = Objects.requireNonNull(name, "name").trim().toLowerCase(Locale.ROOT);
        name = n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
        sets = Objects.requireNonNull(sets, "sets").stream()
                .sorted(Comparator.comparing(RecordSet::type))
                .toList();
        for (RecordSet s : sets) {
            if (!s.name().equals(name)) {
                throw new IllegalArgumentException("record set " + s + " is not at " + name);
            }
            if (!CUTOVER_TYPES.contains(s.type())) {
                throw new IllegalArgumentException("a cutover changes only " + CUTOVER_TYPES + ", not " + s.type());
            }
        }
        if (sets.stream().map(RecordSet::type).distinct().count() != sets.size()) {
            throw new IllegalArgumentException("one set per type at " + name + ": " + sets);
        }
        if (sets.size() > 1 && sets.stream().anyMatch(s -> s.type().equals("CNAME"))) {
            throw new IllegalArgumentException("a CNAME cannot stand beside other records at " + name);
        }
        if (proxied && sets.isEmpty()) {
            throw new IllegalArgumentException("only a name with records can be proxied: " + name);
        }
    }

    /** Records answered as they are (not proxied). */
    public NameRecords(String name, List<RecordSet> sets) {
        this(name, sets, false);
    }

    /** The same records, proxied or not. */
    public NameRecords withProxied(boolean on) {
        return new NameRecords(name, sets, on);
    }

    /** Nothing at {@code name}. */
    public static NameRecords none(String name) {
        return new NameRecords(name, List.of());
    }

    /** The given sets, all at the first one's name. */
    public static NameRecords of(RecordSet... sets) {
        if (sets.length == 0) {
            throw new IllegalArgumentException("give at least one set, or use none(name)");
        }
        return new NameRecords(sets[0].name(), List.of(sets));
    }

    public boolean isEmpty() {
        return sets.isEmpty();
    }

    /** The CNAME target, when the name is a CNAME. */
    public Optional<String> cnameTarget() {
        return sets.stream().filter(s -> s.type().equals("CNAME")).map(s -> s.values().get(0)).findFirst();
    }

    /** The set of {@code type}, if present. */
    public Optional<RecordSet> set(String type) {
        return sets.stream().filter(s -> s.type().equalsIgnoreCase(type)).findFirst();
    }

    @Override
    public String toString() {
        return sets.isEmpty() ? name + " (no A, AAAA or CNAME records)"
                : String.join("; ", sets.stream().map(RecordSet::toString).toList()) + (proxied ? " (proxied)" : "");
    }
}
