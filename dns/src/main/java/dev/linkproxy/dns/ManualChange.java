package dev.linkproxy.dns;

import dev.linkproxy.core.spi.NameRecords;
import dev.linkproxy.core.spi.RecordSet;
import java.util.Objects;

/**
 * A change the {@code manual} DNS provider asks a person to make, in the zone file form every DNS console shows.
 *
 * @param zone   the zone the name lives in
 * @param before what the name holds now (to remove)
 * @param after  what it must hold (to add)
 */
public record ManualChange(String zone, NameRecords before, NameRecords after) {

    public ManualChange {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
    }

    /** The instructions for a person, one record per line. */
    public String instructions() {
        StringBuilder b = new StringBuilder("In the DNS of " + zone + ", change " + after.name() + ":\n");
        for (RecordSet s : before.sets()) {
            for (String v : s.values()) {
                b.append("  remove  ").append(line(s, v)).append('\n');
            }
        }
        for (RecordSet s : after.sets()) {
            for (String v : s.values()) {
                b.append("  add     ").append(line(s, v)).append('\n');
            }
        }
        if (after.isEmpty() && before.isEmpty()) {
            b.append("  nothing to change\n");
        }
        return b.append("linkproxy waits until the zone's servers answer the new record.").toString();
    }

    private static String line(RecordSet s, String value) {
        return s.name() + ". " + s.ttl().toSeconds() + " IN " + s.type() + " " + value
                + (s.type().equals("CNAME") ? "." : "");
    }
}
