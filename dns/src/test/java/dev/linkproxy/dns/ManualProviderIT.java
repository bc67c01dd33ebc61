package dev.linkproxy.dns;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.core.DnsException;
import dev.linkproxy.core.spi.DnsChange;
import dev.linkproxy.core.spi.DnsClient;
import dev.linkproxy.core.spi.DnsProvider;
import dev.linkproxy.core.spi.NameRecords;
import dev.linkproxy.core.spi.ProgressEvent;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.spi.RecordSet;
import dev.linkproxy.core.tck.DnsProviderContract;
import dev.linkproxy.dns.testing.KnotWithTsig;
import dev.linkproxy.verifier.support.RealServers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code manual} provider passes the DNS contract kit against a real Knot server on loopback, the "person" being
 * the test, who makes each printed change with a signed UPDATE (as a colleague at a console would), at once or after
 * a few looks.
 */
class ManualProviderIT extends DnsProviderContract {

    private static final String ZONE = "manual.test";
    private static final String KEY = "colleague";
    private static final String SECRET = KnotWithTsig.secret();

    @TempDir
    static Path dir;
    private static RealServers servers;
    private static int port;

    private final List<ManualChange> asked = new ArrayList<>();
    /** Looks at the servers before the person gets round to it; 0: at once. */
    private int looksBeforeThePersonActs;
    private ManualChange pending;

    @BeforeAll
    static void startKnot() {
        servers = new RealServers(dir);
        port = KnotWithTsig.start(servers, ZONE, "@ NS ns1\n@ NS ns2.example.net.\nns1 A 127.0.0.1\n", KEY, SECRET);
    }

    @AfterAll
    static void stopKnot() {
        servers.close();
    }

    /** The person: makes the change at once, or when the provider has looked a few times. */
    private void person(ManualChange change) {
        asked.add(change);
        if (looksBeforeThePersonActs == 0) {
            putBehindTheBack(change.after());
        } else {
            pending = change;
        }
    }

    @Override
    protected DnsProvider provider() {
        AtomicInteger looks = new AtomicInteger();
        return new ManualProvider(this::person, d -> {
            if (pending != null && looks.incrementAndGet() >= looksBeforeThePersonActs) {
                putBehindTheBack(pending.after());
                pending = null;
            }
        }, System::nanoTime);
    }

    @Override
    protected ProviderSettings settings() {
        return ProviderSettings.builder().value(ManualProvider.SERVER, "127.0.0.1:" + port)
                .value(ManualProvider.POLL, "1").environment(n -> null).build();
    }

    @Override
    protected ProviderSettings wrongCredentials() {
        return settings();
    }

    @Override
    protected String zone() {
        return ZONE;
    }

    @Override
    protected OptionalInt writeCount() {
        return OptionalInt.of(asked.size());
    }

    @Override
    protected void putBehindTheBack(NameRecords records) {
        KnotWithTsig.put(port, ZONE, KEY, SECRET, records);
    }

    @Override
    protected Duration liveTimeout() {
        return Duration.ofSeconds(10);
    }

    @Test
    void thePersonIsToldExactlyWhatToChangeAndTheWaitReportsEachLook() {
        String name = "ablink." + ZONE;
        NameRecords origin = NameRecords.of(RecordSet.cname(name, "sendgrid.net", Duration.ofHours(1)));
        NameRecords cdn = NameRecords.of(RecordSet.cname(name, "d111abcdef8.cloudfront.net", Duration.ofMinutes(5)));
        putBehindTheBack(origin);
        looksBeforeThePersonActs = 2;
        List<ProgressEvent> events = new ArrayList<>();
        try (DnsClient c = provider().connect(settings())) {
            DnsChange change = c.replace(c.read(name), cdn);
            c.awaitLive(change, Duration.ofSeconds(30), events::add);
        }
        assertEquals("In the DNS of manual.test, change ablink.manual.test:\n"
                + "  remove  ablink.manual.test. 3600 IN CNAME sendgrid.net.\n"
                + "  add     ablink.manual.test. 300 IN CNAME d111abcdef8.cloudfront.net.\n"
                + "linkproxy waits until the zone's servers answer the new record.", asked.get(0).instructions());
        assertEquals(3, events.size(), events.toString());
        assertTrue(events.get(0).message().startsWith("0 of 1 server(s) answer"), events.get(0).message());
        assertTrue(events.get(0).message().contains("waiting for a person"), events.get(0).message());
        assertTrue(events.get(2).message().startsWith("1 of 1 server(s) answer"), events.get(2).message());
    }

    @Test
    void aPersonWhoNeverActsTimesOutWithWhatToDo() {
        String name = "never." + ZONE;
        putBehindTheBack(NameRecords.of(RecordSet.cname(name, "sendgrid.net", Duration.ofHours(1))));
        looksBeforeThePersonActs = Integer.MAX_VALUE;
        long[] now = {0};
        ManualProvider slow = new ManualProvider(this::person, d -> now[0] += d.toNanos(), () -> now[0]);
        try (DnsClient c = slow.connect(settings())) {
            DnsChange change = c.replace(c.read(name), NameRecords.of(RecordSet.cname(name, "cdn.example.net",
                    Duration.ofMinutes(5))));
            DnsException e = assertThrows(DnsException.class, () -> c.awaitLive(change, Duration.ofSeconds(5),
                    ev -> { }));
            assertEquals(DnsException.Kind.TIMEOUT, e.kind());
            assertTrue(e.getMessage().contains("answers [never.manual.test 3600 CNAME sendgrid.net]"), e.getMessage());
            assertTrue(e.hint().orElseThrow().contains("make the change printed above"), e.getMessage());
        }
        pending = null;
    }
}
