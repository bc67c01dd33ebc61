package dev.linkproxy.cutover;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.core.spi.NameRecords;
import dev.linkproxy.core.spi.RecordSet;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The journal a user keeps: what is written is read back, and anything else is refused naming the line. */
class JournalTest {

    @TempDir
    Path dir;

    @Test
    void anEntryIsReadBackAsWritten() {
        Path file = dir.resolve("j.jsonl");
        NameRecords before = NameRecords.of(RecordSet.cname("a.example.com", "sendgrid.net", Duration.ofSeconds(300)));
        NameRecords after = NameRecords.of(new RecordSet("a.example.com", "A", Duration.ofSeconds(60),
                List.of("192.0.2.1", "192.0.2.2")));
        Journal.Entry e = new Journal.Entry("a.example.com", "example.com", "rfc2136",
                Instant.parse("2026-12-04T03:00:00Z"), before, after);
        new Journal(file).append(e);
        new Journal(file).append(e);
        assertEquals(List.of(e, e), new Journal(file).read());
    }

    @Test
    void aFileThatIsNotAJournalIsRefusedNamingTheLine() throws Exception {
        Path file = dir.resolve("bad.jsonl");
        Files.writeString(file, "\n{\"format\":\"something-else/1\"}\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Journal(file).read());
        assertTrue(e.getMessage().contains("line 2") && e.getMessage().contains(Journal.FORMAT), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Journal(dir.resolve("missing")).read());
    }
}
