package dev.linkproxy.dns;

import dev.linkproxy.core.RetryPolicy;
import dev.linkproxy.core.spi.DnsCapability;
import dev.linkproxy.core.spi.DnsClient;
import dev.linkproxy.core.spi.DnsProvider;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.spi.SettingDescriptor;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * {@code manual}: for DNS hosted where linkproxy cannot write (a registrar's console, a ticket to another team). A
 * replace prints the exact change for a person, and {@code awaitLive} waits, with progress, until the zone's servers
 * answer it. It still reads first: a name that no longer holds what the cutover read is a conflict, and one that
 * already holds the new records needs no person at all.
 */
public final class ManualProvider implements DnsProvider {

    /** The id. */
    public static final String ID = "manual";
    static final String SERVER = "server";
    static final String ZONE = "zone";
    static final String POLL = "pollIntervalSeconds";
    static final String TIMEOUT = "timeoutSeconds";

    private final Consumer<ManualChange> person;
    private final RetryPolicy.Sleeper sleeper;
    private final LongSupplier nanoClock;

    /** The provider {@link java.util.ServiceLoader} finds: instructions on standard error, real sleeps. */
    public ManualProvider() {
        this(change -> System.err.println(change.instructions()), d -> Thread.sleep(d.toMillis()), System::nanoTime);
    }

    /**
     * A provider that hands each change to {@code person} (a tool's own UI, a ticket, a test).
     *
     * @param person    receives every change a person must make
     * @param sleeper   sleeps between polls of the servers
     * @param nanoClock measures waits against their timeout
     */
    public ManualProvider(Consumer<ManualChange> person, RetryPolicy.Sleeper sleeper, LongSupplier nanoClock) {
        this.person = Objects.requireNonNull(person);
        this.sleeper = Objects.requireNonNull(sleeper);
        this.nanoClock = Objects.requireNonNull(nanoClock);
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "a person makes the change linkproxy prints; linkproxy waits until the zone's servers answer it";
    }

    @Override
    public List<SettingDescriptor> settings() {
        return List.of(
                new SettingDescriptor(SERVER, "one authoritative server to read from and wait on, host[:port];"
                        + " default: every name server of the zone, found through the system's resolver", false, false,
                        Optional.of("LINKPROXY_MANUAL_SERVER")),
                new SettingDescriptor(ZONE, "the zone; default: found by asking for the SOA", false, false,
                        Optional.of("LINKPROXY_MANUAL_ZONE")),
                new SettingDescriptor(POLL, "seconds between looks at the servers (default 10)", false, false,
                        Optional.empty()),
                new SettingDescriptor(TIMEOUT, "seconds one query may take (default 10)", false, false,
                        Optional.empty()));
    }

    @Override
    public Set<DnsCapability> capabilities() {
        return Set.of(DnsCapability.MANUAL);
    }

    /** A client; makes no query until used. */
    @Override
    public DnsClient connect(ProviderSettings settings) {
        Optional<ZoneReader.Server> server = settings.valueOrEnv(SERVER, "LINKPROXY_MANUAL_SERVER")
                .map(ZoneReader.Server::parse);
        Optional<String> zone = settings.valueOrEnv(ZONE, "LINKPROXY_MANUAL_ZONE");
        Duration poll = settings.seconds(POLL, ID).orElse(Duration.ofSeconds(10));
        Duration timeout = settings.seconds(TIMEOUT, ID).orElse(Duration.ofSeconds(10));
        return new ManualClient(server, zone, timeout, poll, person, sleeper, nanoClock);
    }
}
