package dev.linkproxy.core.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.core.DnsException;
import dev.linkproxy.core.DnsProviders;
import dev.linkproxy.core.HostNames;
import dev.linkproxy.core.spi.DnsCapability;
import dev.linkproxy.core.spi.DnsChange;
import dev.linkproxy.core.spi.DnsClient;
import dev.linkproxy.core.spi.DnsProvider;
import dev.linkproxy.core.spi.NameRecords;
import dev.linkproxy.core.spi.Progress;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.spi.RecordSet;
import dev.linkproxy.core.spi.SettingDescriptor;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * The contract every DNS provider passes: the DNS half of the TCK, beside {@link CdnProviderContract}. A provider's
 * test extends it and supplies the provider, settings pointing at a stub (WireMock) or a real server (Knot), a zone
 * it may create names in, and a way to change a name behind the client's back, as a person in a console would.
 *
 * <p>Every test works on a name of its own ({@link #newName()}), so a real server may be shared by all of them. What
 * the contract checks first is the compare-and-set: a write never overwrites a record someone else changed after it
 * was read, and a refused write leaves the name exactly as the other party left it.
 */
public abstract class DnsProviderContract {

    /** Where a link domain points before the cutover: the ESP's tracking origin. */
    protected static final String ORIGIN = "sendgrid.net";
    /** Where it points after: a CDN's host name. */
    protected static final String CDN = "d111abcdef8.cloudfront.net";
    /** Where someone else pointed it meanwhile. */
    protected static final String ELSEWHERE = "links.elsewhere.example.net";

    private static final AtomicInteger NAMES = new AtomicInteger();

    /** The provider under test, as a fresh instance. */
    protected abstract DnsProvider provider();

    /** Settings pointing at the stub or the test server, with credentials it accepts. */
    protected abstract ProviderSettings settings();

    /**
     * The same settings with a credential the provider refuses (another token, a wrong TSIG secret); not used for a
     * provider without secret settings.
     */
    protected abstract ProviderSettings wrongCredentials();

    /** A zone at the provider the contract may create names in, e.g. {@code example.com}. */
    protected abstract String zone();

    /** Makes {@code records.name()} hold exactly {@code records} (none: delete), bypassing the client under test. */
    protected abstract void putBehindTheBack(NameRecords records);

    /** Writes linkproxy's clients made since the test began, when the stub can count them. */
    protected OptionalInt writeCount() {
        return OptionalInt.empty();
    }

    /** Secret values held in {@link #settings()} and {@link #wrongCredentials()}; none may appear in any message. */
    protected List<String> secretValues() {
        return List.of();
    }

    /** The longest a change may take to be live at the provider. */
    protected Duration liveTimeout() {
        return Duration.ofSeconds(60);
    }

    /** The TTL the provider stores for a record written with {@code ttl} (a provider may round it). */
    protected Duration storedTtl(Duration ttl) {
        return ttl;
    }

    /** A name no test used before, in {@link #zone()}. */
    protected String newName() {
        return "tck-" + NAMES.incrementAndGet() + "-" + Long.toHexString(ThreadLocalRandom.current().nextLong() >>> 24)
                + "." + zone().toLowerCase(Locale.ROOT).replaceAll("\\.$", "");
    }

    protected NameRecords cname(String name, String target, long ttlSeconds) {
        return NameRecords.of(RecordSet.cname(name, target, storedTtl(Duration.ofSeconds(ttlSeconds))));
    }

    protected NameRecords addresses(String name, String... ipv4) {
        return NameRecords.of(new RecordSet(name, "A", storedTtl(Duration.ofSeconds(3600)), List.of(ipv4)));
    }

    protected <T> T withClient(Function<DnsClient, T> body) {
        try (DnsClient client = provider().connect(settings())) {
            return body.apply(client);
        }
    }

    private NameRecords readBack(String name) {
        return withClient(c -> c.read(name));
    }

    private int writes() {
        return writeCount().orElse(-1);
    }

    private void assertNoSecretIn(String text) {
        for (String secret : secretValues()) {
            assertFalse(text.contains(secret), "a secret appears in: " + text);
        }
    }

    @Test
    void providerIsFoundByServiceLoaderUnderItsId() {
        DnsProvider found = DnsProviders.get(provider().id());
        assertEquals(provider().getClass(), found.getClass());
        assertFalse(found.description().isBlank(), "description");
    }

    @Test
    void settingsDescribeThemselves() {
        Set<String> names = new HashSet<>();
        for (SettingDescriptor s : provider().settings()) {
            assertFalse(s.name().isBlank(), "a setting without a name");
            assertTrue(names.add(s.name()), "setting " + s.name() + " listed twice");
            assertFalse(s.description().isBlank(), "setting " + s.name() + " has no description");
            if (s.secret()) {
                assertTrue(s.envVar().isPresent(), "secret " + s.name() + " can come from no environment variable");
            }
        }
        assertNoSecretIn(settings().toString());
        try (DnsClient client = provider().connect(settings())) {
            assertNoSecretIn(client.toString());
        }
    }

    @Test
    void zoneOfANewNameIsTheZone() {
        String zone = withClient(c -> c.zoneOf(newName()));
        assertEquals(zone().toLowerCase(Locale.ROOT).replaceAll("\\.$", ""), zone);
    }

    @Test
    void aNameOutsideEveryZoneIsNotFound() {
        DnsException e = assertThrows(DnsException.class, () -> withClient(c -> c.zoneOf("linkproxy-tck.invalid")));
        assertEquals(DnsException.Kind.NOT_FOUND, e.kind(), e.getMessage());
        assertEquals(provider().id(), e.provider());
    }

    @Test
    void aNewNameHoldsNothing() {
        String name = newName();
        assertEquals(NameRecords.none(name), readBack(name));
    }

    @Test
    void readShowsWhatTheNameHolds() {
        NameRecords origin = cname(newName(), ORIGIN, 3600);
        putBehindTheBack(origin);
        assertEquals(origin, readBack(origin.name()));
        NameRecords a = addresses(newName(), "192.0.2.10", "192.0.2.11");
        putBehindTheBack(a);
        assertEquals(a, readBack(a.name()));
    }

    @Test
    void replaceMovesTheCnameFromTheOriginToTheCdn() {
        String name = newName();
        putBehindTheBack(cname(name, ORIGIN, 3600));
        NameRecords desired = cname(name, CDN, 300);
        DnsChange change = withClient(c -> {
            NameRecords before = c.read(name);
            DnsChange ch = c.replace(before, desired);
            c.awaitLive(ch, liveTimeout(), Progress.NONE);
            return ch;
        });
        assertEquals(provider().id(), change.provider());
        assertEquals(cname(name, ORIGIN, 3600), change.before());
        assertEquals(desired, change.after());
        assertEquals(zone().toLowerCase(Locale.ROOT).replaceAll("\\.$", ""), change.zone());
        assertEquals(desired, readBack(name));
    }

    @Test
    void replaceCreatesTheCnameAtANameThatHoldsNothing() {
        String name = newName();
        NameRecords desired = cname(name, CDN, 300);
        withClient(c -> {
            c.awaitLive(c.replace(NameRecords.none(name), desired), liveTimeout(), Progress.NONE);
            return null;
        });
        assertEquals(desired, readBack(name));
    }

    @Test
    void replaceTurnsAddressRecordsIntoACname() {
        String name = newName();
        NameRecords a = addresses(name, "192.0.2.10");
        putBehindTheBack(a);
        NameRecords desired = cname(name, CDN, 300);
        withClient(c -> {
            c.awaitLive(c.replace(a, desired), liveTimeout(), Progress.NONE);
            return null;
        });
        assertEquals(desired, readBack(name));
    }

    @Test
    void replaceChangesTheTtlAloneAheadOfACutover() {
        String name = newName();
        putBehindTheBack(cname(name, ORIGIN, 3600));
        NameRecords lowered = cname(name, ORIGIN, 300);
        withClient(c -> {
            c.awaitLive(c.replace(c.read(name), lowered), liveTimeout(), Progress.NONE);
            return null;
        });
        assertEquals(lowered, readBack(name));
    }

    @Test
    void replaceRefusesWhenSomeoneChangedTheNameAfterItWasRead() {
        String name = newName();
        putBehindTheBack(cname(name, ORIGIN, 3600));
        NameRecords read = readBack(name);
        NameRecords theirs = cname(name, ELSEWHERE, 600);
        putBehindTheBack(theirs);
        int writes = writes();
        DnsException e = assertThrows(DnsException.class,
                () -> withClient(c -> c.replace(read, cname(name, CDN, 300))));
        assertEquals(DnsException.Kind.CONFLICT, e.kind(), e.getMessage());
        assertEquals(theirs, readBack(name), "the other party's record was overwritten");
        assertEquals(writes, writes(), "a refused replace wrote");
        assertNoSecretIn(e.getMessage());
    }

    @Test
    void replaceRefusesWhenTheNameWasCreatedAfterItWasReadEmpty() {
        String name = newName();
        NameRecords read = readBack(name);
        assertTrue(read.isEmpty());
        NameRecords theirs = cname(name, ELSEWHERE, 600);
        putBehindTheBack(theirs);
        DnsException e = assertThrows(DnsException.class,
                () -> withClient(c -> c.replace(read, cname(name, CDN, 300))));
        assertEquals(DnsException.Kind.CONFLICT, e.kind(), e.getMessage());
        assertEquals(theirs, readBack(name), "the other party's record was overwritten");
    }

    @Test
    void replaceRefusesWhenTheNameWasDeletedAfterItWasRead() {
        String name = newName();
        putBehindTheBack(cname(name, ORIGIN, 3600));
        NameRecords read = readBack(name);
        putBehindTheBack(NameRecords.none(name));
        DnsException e = assertThrows(DnsException.class,
                () -> withClient(c -> c.replace(read, cname(name, CDN, 300))));
        assertEquals(DnsException.Kind.CONFLICT, e.kind(), e.getMessage());
        assertEquals(NameRecords.none(name), readBack(name), "a deleted name was written");
    }

    @Test
    void replaceRefusesWhenAddressesChangedAfterTheyWereRead() {
        String name = newName();
        putBehindTheBack(addresses(name, "192.0.2.10"));
        NameRecords read = readBack(name);
        NameRecords theirs = addresses(name, "192.0.2.10", "192.0.2.99");
        putBehindTheBack(theirs);
        DnsException e = assertThrows(DnsException.class,
                () -> withClient(c -> c.replace(read, cname(name, CDN, 300))));
        assertEquals(DnsException.Kind.CONFLICT, e.kind(), e.getMessage());
        assertEquals(theirs, readBack(name), "the other party's addresses were overwritten");
    }

    @Test
    void aRetryThatFindsItsChangeMadeSucceedsWithoutWriting() {
        String name = newName();
        NameRecords origin = cname(name, ORIGIN, 3600);
        putBehindTheBack(origin);
        NameRecords desired = cname(name, CDN, 300);
        withClient(c -> c.replace(origin, desired));
        int writes = writes();
        DnsChange again = withClient(c -> c.replace(origin, desired));
        withClient(c -> {
            c.awaitLive(again, liveTimeout(), Progress.NONE);
            return null;
        });
        assertEquals(desired, again.after());
        assertEquals(desired, readBack(name));
        assertEquals(writes, writes(), "the retry wrote again");
    }

    @Test
    void theInverseChangeRestoresWhatWasThere() {
        String name = newName();
        NameRecords origin = cname(name, ORIGIN, 3600);
        putBehindTheBack(origin);
        withClient(c -> {
            DnsChange forward = c.replace(c.read(name), cname(name, CDN, 300));
            c.awaitLive(forward, liveTimeout(), Progress.NONE);
            DnsChange back = c.replace(forward.after(), forward.before());
            c.awaitLive(back, liveTimeout(), Progress.NONE);
            return null;
        });
        assertEquals(origin, readBack(name));
    }

    @Test
    void replaceRejectsRecordsAtTwoNamesBeforeAnyWrite() {
        String name = newName();
        NameRecords origin = cname(name, ORIGIN, 3600);
        putBehindTheBack(origin);
        int writes = writes();
        assertThrows(IllegalArgumentException.class,
                () -> withClient(c -> c.replace(origin, cname(newName(), CDN, 300))));
        assertEquals(origin, readBack(name));
        assertEquals(writes, writes());
    }

    @Test
    void theZoneHasAuthoritativeServers() {
        List<String> servers = withClient(c -> c.authoritativeServers(c.zoneOf(newName())));
        assertFalse(servers.isEmpty(), "no authoritative server listed");
        for (String s : servers) {
            assertTrue(HostNames.check(s).ok(), "not a host name: " + s);
        }
    }

    @Test
    void wrongCredentialsChangeNothingAndAreNotShown() {
        if (provider().settings().stream().noneMatch(SettingDescriptor::secret)) {
            // Nothing to get wrong; only a provider whose changes a person makes may have no credentials at all.
            assertTrue(provider().capabilities().contains(DnsCapability.MANUAL),
                    provider().id() + " takes no secret, so it must be a MANUAL provider");
            return;
        }
        String name = newName();
        NameRecords origin = cname(name, ORIGIN, 3600);
        putBehindTheBack(origin);
        DnsException e;
        try (DnsClient wrong = provider().connect(wrongCredentials())) {
            assertNoSecretIn(wrong.toString());
            e = assertThrows(DnsException.class, () -> wrong.replace(origin, cname(name, CDN, 300)));
        }
        assertTrue(e.kind() == DnsException.Kind.AUTHENTICATION || e.kind() == DnsException.Kind.PERMISSION,
                "kind " + e.kind() + ": " + e.getMessage());
        assertEquals(origin, readBack(name), "a write with wrong credentials changed the name");
        assertNoSecretIn(e.getMessage());
        assertNoSecretIn(String.valueOf(e.getCause()));
        assertNoSecretIn(wrongCredentials().toString());
    }
}
