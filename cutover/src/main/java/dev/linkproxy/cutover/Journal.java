package dev.linkproxy.cutover;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.linkproxy.core.spi.NameRecords;
import dev.linkproxy.core.spi.RecordSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The journal a user keeps: one JSON object a line per change made, format {@value #FORMAT}, each with the records
 * before and after, so a change can be put back by hand later ({@link Cutover#rollback(Path)}).
 *
 * <pre>{"format":"linkproxy-cutover-journal/1","domain":"ablink.news.example.com","zone":"example.com",
 *  "provider":"rfc2136","changedAt":"2026-12-04T03:00:00Z",
 *  "before":[{"type":"CNAME","ttl":300,"values":["sendgrid.net"]}],
 *  "after":[{"type":"CNAME","ttl":300,"values":["d111abcdef8.cloudfront.net"]}]}</pre>
 */
public final class Journal {

    /** The format id every line carries. */
    public static final String FORMAT = "linkproxy-cutover-journal/1";
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One change: what the name held before and after. */
    public record Entry(String domain, String zone, String provider, Instant changedAt, NameRecords before,
                        NameRecords after) {
    }

    private final Path file;

    public Journal(Path file) {
        this.file = file;
    }

    /** Appends one change, flushed before the call returns. */
    synchronized void append(Entry e) {
        ObjectNode line = JSON.createObjectNode().put("format", FORMAT).put("domain", e.domain()).put("zone", e.zone())
                .put("provider", e.provider()).put("changedAt", e.changedAt().toString());
        line.set("before", sets(e.before()));
        line.set("after", sets(e.after()));
        try {
            Files.writeString(file, line + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND, StandardOpenOption.SYNC);
        } catch (IOException x) {
            throw new UncheckedIOException("cannot write the journal " + file + ": " + x.getMessage(), x);
        }
    }

    /**
     * Every entry, in the order written.
     *
     * @throws IllegalArgumentException naming the line when the file is not a {@value #FORMAT} journal
     */
    public List<Entry> read() {
        List<Entry> out = new ArrayList<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException x) {
            throw new IllegalArgumentException("cannot read the journal " + file + ": " + x.getMessage(), x);
        }
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            try {
                JsonNode n = JSON.readTree(lines.get(i));
                if (!FORMAT.equals(n.path("format").asText())) {
                    throw new IllegalArgumentException("not " + FORMAT);
                }
                String domain = n.path("domain").asText();
                out.add(new Entry(domain, n.path("zone").asText(), n.path("provider").asText(),
                        Instant.parse(n.path("changedAt").asText()), records(domain, n.path("before")),
                        records(domain, n.path("after"))));
            } catch (IOException | RuntimeException x) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + " is not a " + FORMAT + " entry: "
                        + x.getMessage(), x);
            }
        }
        return out;
    }

    private static ArrayNode sets(NameRecords r) {
        ArrayNode a = JSON.createArrayNode();
        for (RecordSet s : r.sets()) {
            ObjectNode o = a.addObject().put("type", s.type()).put("ttl", s.ttl().toSeconds());
            s.values().forEach(o.putArray("values")::add);
        }
        return a;
    }

    private static NameRecords records(String domain, JsonNode sets) {
        if (!sets.isArray()) {
            throw new IllegalArgumentException("records are not a list");
        }
        List<RecordSet> out = new ArrayList<>();
        for (JsonNode s : sets) {
            List<String> values = new ArrayList<>();
            s.path("values").forEach(v -> values.add(v.asText()));
            out.add(new RecordSet(domain, s.path("type").asText(), Duration.ofSeconds(s.path("ttl").asLong()), values));
        }
        return new NameRecords(domain, out);
    }
}
