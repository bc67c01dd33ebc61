package dev.linkproxy.core.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.linkproxy.core.LinkProxyException;
import dev.linkproxy.core.RetryPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** Settings as a provider reads them: given values first, the environment second, secrets never printed. */
class ProviderSettingsTest {

    private static final Map<String, String> ENV = Map.of("CF_API_TOKEN", "env-token", "CF_ACCOUNT", "env-account",
            "BLANK", "   ");

    private static ProviderSettings.Builder withEnv() {
        return ProviderSettings.builder().environment(ENV::get);
    }

    @Test
    void nothingSetMeansTheUsualTransportLimits() {
        ProviderSettings s = ProviderSettings.defaults();
        assertEquals(Duration.ofSeconds(10), s.connectTimeout());
        assertEquals(Duration.ofSeconds(60), s.callTimeout());
        assertEquals(Optional.empty(), s.endpoint());
        assertEquals(Optional.empty(), s.value("region"));
        assertEquals(5, s.retryPolicy().maxAttempts());
        assertEquals("ProviderSettings{}", s.toString());
    }

    @Test
    void givenValuesComeBeforeTheEnvironment() {
        ProviderSettings s = withEnv().value("account", "given-account").secret("token", Secret.of("given-token")).build();
        assertEquals(Optional.of("given-account"), s.valueOrEnv("account", "CF_ACCOUNT"));
        assertEquals(Optional.of(Secret.of("given-token")), s.secretOrEnv("token", "CF_API_TOKEN"));
    }

    @Test
    void theEnvironmentFillsInWhatWasNotGiven() {
        ProviderSettings s = withEnv().build();
        assertEquals(Optional.of("env-account"), s.valueOrEnv("account", "CF_ACCOUNT"));
        assertEquals("env-token", s.secretOrEnv("token", "CF_API_TOKEN").orElseThrow().reveal());
        assertEquals(Optional.empty(), s.valueOrEnv("account", "UNSET"));
        assertEquals(Optional.empty(), s.secretOrEnv("token", "UNSET"));
    }

    @Test
    void aBlankEnvironmentVariableCountsAsUnset() {
        ProviderSettings s = withEnv().build();
        assertEquals(Optional.empty(), s.valueOrEnv("account", "BLANK"));
        assertEquals(Optional.empty(), s.secretOrEnv("token", "BLANK"));
    }

    @Test
    void secondsSettingsAreReadAsWholeNumbers() {
        ProviderSettings s = ProviderSettings.builder().value("pollIntervalSeconds", " 15 ").value("waitSeconds", "1.5")
                .build();
        assertEquals(Optional.of(Duration.ofSeconds(15)), s.seconds("pollIntervalSeconds", "route53"));
        assertEquals(Optional.empty(), s.seconds("absentSeconds", "route53"));
        assertEquals("route53 setting waitSeconds: \"1.5\" is not a whole number of seconds",
                assertThrows(LinkProxyException.class, () -> s.seconds("waitSeconds", "route53")).getMessage());
    }

    @Test
    void transportKnobsAreKept() {
        RetryPolicy retry = RetryPolicy.none();
        UnaryOperator<String> env = ENV::get;
        ProviderSettings s = ProviderSettings.builder().endpoint(URI.create("http://127.0.0.1:8080"))
                .connectTimeout(Duration.ofSeconds(2)).callTimeout(Duration.ofSeconds(5)).retryPolicy(retry)
                .environment(env).build();
        assertEquals(Optional.of(URI.create("http://127.0.0.1:8080")), s.endpoint());
        assertEquals(Duration.ofSeconds(2), s.connectTimeout());
        assertEquals(Duration.ofSeconds(5), s.callTimeout());
        assertSame(retry, s.retryPolicy());
        assertSame(env, s.environment());
    }

    @Test
    void toBuilderKeepsEverythingAndAddsToIt() {
        ProviderSettings s = withEnv().value("region", "eu-west-1").secret("token", Secret.of("t"))
                .endpoint(URI.create("http://127.0.0.1:1")).callTimeout(Duration.ofSeconds(3)).build();
        ProviderSettings more = s.toBuilder().value("account", "42").build();
        assertEquals(Optional.of("eu-west-1"), more.value("region"));
        assertEquals(Optional.of("42"), more.value("account"));
        assertEquals(Optional.of(Secret.of("t")), more.secret("token"));
        assertEquals(s.endpoint(), more.endpoint());
        assertEquals(Duration.ofSeconds(3), more.callTimeout());
        assertEquals(Optional.empty(), s.value("account"));
    }

    @Test
    void printingRedactsEverySecret() {
        ProviderSettings s = ProviderSettings.builder().value("region", "eu-west-1")
                .secret("token", Secret.of("s3cr3t")).endpoint(URI.create("http://127.0.0.1:1")).build();
        assertEquals("ProviderSettings{region=eu-west-1, token=[redacted]} endpoint=http://127.0.0.1:1", s.toString());
    }
}
