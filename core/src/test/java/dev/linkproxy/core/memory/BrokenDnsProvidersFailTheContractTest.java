package dev.linkproxy.core.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.linkproxy.core.DnsException;
import dev.linkproxy.core.spi.DnsChange;
import dev.linkproxy.core.spi.DnsClient;
import dev.linkproxy.core.spi.DnsProvider;
import dev.linkproxy.core.spi.NameRecords;
import dev.linkproxy.core.spi.Progress;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.spi.SettingDescriptor;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * The DNS contract kit can fail: run against deliberately broken providers, exactly the tests that guard the broken
 * property fail. The broken contracts are nested classes, which the build's test run skips; this test runs them.
 */
class BrokenDnsProvidersFailTheContractTest {

    /** Fails for every broken provider: they are test classes, not listed for ServiceLoader. */
    private static final String UNREGISTERED = "providerIsFoundByServiceLoaderUnderItsId";

    @Test
    void contractPassesAgainstTheMemoryProvider() {
        Events tests = run(MemoryDnsProviderContractTest.class);
        assertEquals(Set.of(), failed(tests));
        assertTrue(tests.succeeded().count() >= 17, "too few contract tests ran: " + tests.succeeded().count());
    }

    @Test
    void aProviderThatIgnoresCompareAndSetFailsTheContract() {
        assertEquals(Set.of("replaceRefusesWhenSomeoneChangedTheNameAfterItWasRead",
                        "replaceRefusesWhenTheNameWasCreatedAfterItWasReadEmpty",
                        "replaceRefusesWhenTheNameWasDeletedAfterItWasRead",
                        "replaceRefusesWhenAddressesChangedAfterTheyWereRead", UNREGISTERED),
                failed(run(BlindWriterContract.class)));
    }

    @Test
    void aProviderThatNeverReportsLiveFailsTheContract() {
        assertEquals(Set.of("replaceMovesTheCnameFromTheOriginToTheCdn",
                        "replaceCreatesTheCnameAtANameThatHoldsNothing", "replaceTurnsAddressRecordsIntoACname",
                        "aRetryThatFindsItsChangeMadeSucceedsWithoutWriting", "theInverseChangeRestoresWhatWasThere",
                        "replaceChangesTheTtlAloneAheadOfACutover",
                        UNREGISTERED),
                failed(run(NeverLiveContract.class)));
    }

    @Test
    void aProviderThatShowsTheTokenInItsErrorsFailsTheContract() {
        assertEquals(Set.of("wrongCredentialsChangeNothingAndAreNotShown",
                        "replaceRefusesWhenSomeoneChangedTheNameAfterItWasRead", UNREGISTERED),
                failed(run(LeakyErrorsContract.class)));
    }

    @Test
    void aProviderThatDropsItsCredentialsWithoutBeingManualFailsTheContract() {
        assertEquals(Set.of("wrongCredentialsChangeNothingAndAreNotShown", UNREGISTERED),
                failed(run(NoSecretContract.class)));
    }

    private static Events run(Class<?> contract) {
        return EngineTestKit.engine("junit-jupiter").selectors(selectClass(contract)).execute().testEvents();
    }

    private static Set<String> failed(Events tests) {
        Set<String> names = new TreeSet<>();
        tests.finished().filter(e -> e.getRequiredPayload(TestExecutionResult.class).getStatus()
                        == TestExecutionResult.Status.FAILED)
                .forEach(e -> e.getTestDescriptor().getSource()
                        .filter(MethodSource.class::isInstance)
                        .ifPresent(s -> names.add(((MethodSource) s).getMethodName())));
        return names;
    }

    /** A provider around the memory one whose clients pass every call on unless the subclass breaks one. */
    abstract static class Wrapping implements DnsProvider {
        final MemoryDnsProvider delegate = new MemoryDnsProvider(MemoryDnsProviderContractTest.account());

        @Override
        public String id() {
            return delegate.id();
        }

        @Override
        public String description() {
            return "broken on purpose";
        }

        @Override
        public List<SettingDescriptor> settings() {
            return delegate.settings();
        }

        @Override
        public DnsClient connect(ProviderSettings settings) {
            return new Passing(delegate.connect(settings), settings);
        }
    }

    static class Passing implements DnsClient {
        final DnsClient real;
        final ProviderSettings settings;

        Passing(DnsClient real, ProviderSettings settings) {
            this.real = real;
            this.settings = settings;
        }

        @Override
        public String zoneOf(String name) {
            return real.zoneOf(name);
        }

        @Override
        public NameRecords read(String name) {
            return real.read(name);
        }

        @Override
        public DnsChange replace(NameRecords expected, NameRecords desired) {
            return real.replace(expected, desired);
        }

        @Override
        public void awaitLive(DnsChange change, Duration timeout, Progress progress) {
            real.awaitLive(change, timeout, progress);
        }

        @Override
        public List<String> authoritativeServers(String zone) {
            return real.authoritativeServers(zone);
        }

        @Override
        public void close() {
            real.close();
        }
    }

    /** Writes whatever the name holds: reads it again and compares with that instead of what the caller read. */
    static final class BlindWriter extends Wrapping {
        @Override
        public DnsClient connect(ProviderSettings settings) {
            return new Passing(delegate.connect(settings), settings) {
                @Override
                public DnsChange replace(NameRecords expected, NameRecords desired) {
                    return real.replace(real.read(expected.name()), desired);
                }
            };
        }
    }

    /** Its changes never become live: every wait runs to its limit. */
    static final class NeverLive extends Wrapping {
        @Override
        public DnsClient connect(ProviderSettings settings) {
            return new Passing(delegate.connect(settings), settings) {
                @Override
                public void awaitLive(DnsChange change, Duration timeout, Progress progress) {
                    try {
                        Thread.sleep(timeout.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new DnsException(id(), "awaitLive", DnsException.Kind.TIMEOUT, "still pending", null, null);
                }
            };
        }
    }

    /** Puts the token it was given into the errors of its writes. */
    static final class LeakyErrors extends Wrapping {
        @Override
        public DnsClient connect(ProviderSettings settings) {
            return new Passing(delegate.connect(settings), settings) {
                @Override
                public DnsChange replace(NameRecords expected, NameRecords desired) {
                    try {
                        return real.replace(expected, desired);
                    } catch (DnsException e) {
                        throw new DnsException(id(), e.operation(), e.kind(), "token "
                                + settings.secret("token").map(t -> t.reveal()).orElse("") + " refused", null, e);
                    }
                }
            };
        }
    }

    /** Declares no secret setting, so its credentials cannot be checked, yet does not say a person makes changes. */
    static final class NoSecret extends Wrapping {
        @Override
        public List<SettingDescriptor> settings() {
            return delegate.settings().stream().filter(s -> !s.secret()).toList();
        }
    }

    /** The memory provider's contract, run against a broken provider. */
    abstract static class BrokenContract extends MemoryDnsProviderContractTest {
        abstract Wrapping broken();

        @Override
        protected DnsProvider provider() {
            return broken();
        }

        @Override
        protected MemoryDns dns() {
            return broken().delegate.dns();
        }

        @Override
        protected Duration liveTimeout() {
            return Duration.ofMillis(200);
        }
    }

    static class BlindWriterContract extends BrokenContract {
        private final BlindWriter broken = new BlindWriter();

        @Override
        Wrapping broken() {
            return broken;
        }
    }

    static class NeverLiveContract extends BrokenContract {
        private final NeverLive broken = new NeverLive();

        @Override
        Wrapping broken() {
            return broken;
        }
    }

    static class LeakyErrorsContract extends BrokenContract {
        private final LeakyErrors broken = new LeakyErrors();

        @Override
        Wrapping broken() {
            return broken;
        }
    }

    static class NoSecretContract extends BrokenContract {
        private final NoSecret broken = new NoSecret();

        @Override
        Wrapping broken() {
            return broken;
        }
    }
}
