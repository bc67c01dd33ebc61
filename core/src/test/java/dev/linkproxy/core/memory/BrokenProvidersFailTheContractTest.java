package dev.linkproxy.core.memory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.CdnProvider;
import dev.linkproxy.core.spi.Deployment;
import dev.linkproxy.core.spi.NativeConfig;
import dev.linkproxy.core.spi.Plan;
import dev.linkproxy.core.spi.Progress;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.spi.SettingDescriptor;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/**
 * The contract can fail: run against deliberately broken providers, the tests that guard the broken property fail.
 * The broken contracts are nested classes, which the build's test run skips; this test runs them on its own.
 */
class BrokenProvidersFailTheContractTest {

    /** Fails for every broken provider: they are test classes, not listed for ServiceLoader. */
    private static final String UNREGISTERED = "providerIsFoundByServiceLoaderUnderItsId";

    @Test
    void contractPassesAgainstTheMemoryProvider() {
        Events tests = run(MemoryCdnProviderContractTest.class);
        assertEquals(Set.of(), failed(tests));
        assertTrue(tests.succeeded().count() >= 10, "too few contract tests ran: " + tests.succeeded().count());
    }

    @Test
    void aSecondApplyThatWritesFailsTheContract() {
        assertEquals(Set.of("secondApplyWritesNothing", UNREGISTERED), failed(run(WritingReapplyContract.class)));
    }

    @Test
    void aNonDeterministicRenderFailsTheContract() {
        assertEquals(Set.of("renderIsDeterministic", UNREGISTERED), failed(run(NonDeterministicRenderContract.class)));
    }

    @Test
    void aRenderThatDropsASettingFailsTheContract() {
        assertEquals(Set.of("renderIsComplete", UNREGISTERED), failed(run(IncompleteRenderContract.class)));
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

    /** A provider that delegates to the memory provider, with one defect chosen by the subclass. */
    abstract static class Wrapping implements CdnProvider {
        final MemoryCdnProvider delegate = new MemoryCdnProvider();

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
        public NativeConfig render(LinkProxySpec spec) {
            return delegate.render(spec);
        }

        @Override
        public CdnClient connect(ProviderSettings settings) {
            return delegate.connect(settings);
        }
    }

    /** Its apply always writes, even when nothing changed. */
    static final class WritingReapply extends Wrapping {
        @Override
        public CdnClient connect(ProviderSettings settings) {
            CdnClient real = delegate.connect(settings);
            return new CdnClient() {
                @Override
                public Optional<Deployment> find(LinkProxySpec spec) {
                    return real.find(spec);
                }

                @Override
                public Plan plan(LinkProxySpec spec) {
                    return real.plan(spec);
                }

                @Override
                public Deployment apply(LinkProxySpec spec, Progress progress) {
                    real.apply(spec.toBuilder().cacheTtl(Duration.ofSeconds(1)).build(), progress);
                    return real.apply(spec, progress);
                }

                @Override
                public Deployment await(Deployment d, Duration timeout, Progress progress) {
                    return real.await(d, timeout, progress);
                }

                @Override
                public void close() {
                    real.close();
                }
            };
        }
    }

    /** Its render carries a counter, so no two renders are equal. */
    static final class NonDeterministicRender extends Wrapping {
        private final AtomicInteger renders = new AtomicInteger();

        @Override
        public NativeConfig render(LinkProxySpec spec) {
            NativeConfig real = delegate.render(spec);
            var config = real.config();
            config.put("renderedAt", renders.incrementAndGet());
            return new NativeConfig(real.provider(), config, real.notes());
        }
    }

    /** Its render forgets the origin read timeout and does not say so. */
    static final class IncompleteRender extends Wrapping {
        @Override
        public NativeConfig render(LinkProxySpec spec) {
            NativeConfig real = delegate.render(spec);
            var config = real.config();
            config.remove("originReadTimeoutSeconds");
            return new NativeConfig(real.provider(), config, real.notes());
        }
    }

    /** The memory provider's contract, run against a broken provider. */
    abstract static class BrokenContract extends MemoryCdnProviderContractTest {
        abstract Wrapping broken();

        @Override
        protected CdnProvider provider() {
            return broken();
        }

        @Override
        protected MemoryCdn cdn() {
            return broken().delegate.cdn();
        }
    }

    static class WritingReapplyContract extends BrokenContract {
        private final WritingReapply broken = new WritingReapply();

        @Override
        Wrapping broken() {
            return broken;
        }
    }

    static class NonDeterministicRenderContract extends BrokenContract {
        private final NonDeterministicRender broken = new NonDeterministicRender();

        @Override
        Wrapping broken() {
            return broken;
        }
    }

    static class IncompleteRenderContract extends BrokenContract {
        private final IncompleteRender broken = new IncompleteRender();

        @Override
        Wrapping broken() {
            return broken;
        }
    }
}
