package dev.linkproxy.core.spi;

import dev.linkproxy.core.LinkProxyException;
import dev.linkproxy.core.RetryPolicy;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * What a {@link CdnProvider} needs to connect: plain values, credentials, and the transport knobs tests and
 * embedding tools set (endpoint, time limits, retry policy, environment). Immutable; {@link #toString()} redacts
 * every secret.
 */
public final class ProviderSettings {

    private final Map<String, String> values;
    private final Map<String, Secret> secrets;
    private final URI endpoint;
    private final Duration connectTimeout;
    private final Duration callTimeout;
    private final RetryPolicy retryPolicy;
    private final UnaryOperator<String> environment;

    private ProviderSettings(Builder b) {
        this.values = Map.copyOf(b.values);
        this.secrets = Map.copyOf(b.secrets);
        this.endpoint = b.endpoint;
        this.connectTimeout = b.connectTimeout;
        this.callTimeout = b.callTimeout;
        this.retryPolicy = b.retryPolicy;
        this.environment = b.environment;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings with nothing set: credentials come from the environment or the provider's usual chain. */
    public static ProviderSettings defaults() {
        return builder().build();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.values.putAll(values);
        b.secrets.putAll(secrets);
        b.endpoint = endpoint;
        b.connectTimeout = connectTimeout;
        b.callTimeout = callTimeout;
        b.retryPolicy = retryPolicy;
        b.environment = environment;
        return b;
    }

    /** A plain value, e.g. a region or an account id. */
    public Optional<String> value(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** A credential given in the settings. */
    public Optional<Secret> secret(String name) {
        return Optional.ofNullable(secrets.get(name));
    }

    /** A credential given in the settings, else read from the environment variable {@code envVar}. */
    public Optional<Secret> secretOrEnv(String name, String envVar) {
        return secret(name).or(() -> Optional.ofNullable(environment.apply(envVar))
                .filter(v -> !v.isBlank()).map(Secret::of));
    }

    /** A plain value given in the settings, else read from the environment variable {@code envVar}. */
    public Optional<String> valueOrEnv(String name, String envVar) {
        return value(name).or(() -> Optional.ofNullable(environment.apply(envVar)).filter(v -> !v.isBlank()));
    }

    /**
     * A setting that holds a whole number of seconds, e.g. {@code pollIntervalSeconds}.
     *
     * @throws LinkProxyException naming {@code provider} and the setting when the value is not a whole number
     */
    public Optional<Duration> seconds(String name, String provider) {
        return value(name).map(v -> {
            try {
                return Duration.ofSeconds(Long.parseLong(v.trim()));
            } catch (NumberFormatException e) {
                throw new LinkProxyException(provider + " setting " + name + ": \"" + v
                        + "\" is not a whole number of seconds");
            }
        });
    }

    /** The API endpoint to use instead of the provider's (tests, proxies). */
    public Optional<URI> endpoint() {
        return Optional.ofNullable(endpoint);
    }

    /** The most time to wait for a connection (default 10 s). */
    public Duration connectTimeout() {
        return connectTimeout;
    }

    /** The most time one API call may take, reading included (default 60 s). */
    public Duration callTimeout() {
        return callTimeout;
    }

    public RetryPolicy retryPolicy() {
        return retryPolicy;
    }

    /** The environment the provider reads credentials from (default: the process environment). */
    public UnaryOperator<String> environment() {
        return environment;
    }

    @Override
    public String toString() {
        Map<String, String> shown = new TreeMap<>(values);
        secrets.keySet().forEach(k -> shown.put(k, "[redacted]"));
        return "ProviderSettings" + shown + (endpoint == null ? "" : " endpoint=" + endpoint);
    }

    /** Builds {@link ProviderSettings}. */
    public static final class Builder {
        private final Map<String, String> values = new TreeMap<>();
        private final Map<String, Secret> secrets = new TreeMap<>();
        private URI endpoint;
        private Duration connectTimeout = Duration.ofSeconds(10);
        private Duration callTimeout = Duration.ofSeconds(60);
        private RetryPolicy retryPolicy = RetryPolicy.defaults();
        private UnaryOperator<String> environment = System::getenv;

        private Builder() {
        }

        public Builder value(String name, String value) {
            values.put(Objects.requireNonNull(name), Objects.requireNonNull(value));
            return this;
        }

        public Builder secret(String name, Secret secret) {
            secrets.put(Objects.requireNonNull(name), Objects.requireNonNull(secret));
            return this;
        }

        public Builder endpoint(URI endpoint) {
            this.endpoint = endpoint;
            return this;
        }

        public Builder connectTimeout(Duration timeout) {
            this.connectTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        public Builder callTimeout(Duration timeout) {
            this.callTimeout = Objects.requireNonNull(timeout);
            return this;
        }

        public Builder retryPolicy(RetryPolicy policy) {
            this.retryPolicy = Objects.requireNonNull(policy);
            return this;
        }

        public Builder environment(UnaryOperator<String> environment) {
            this.environment = Objects.requireNonNull(environment);
            return this;
        }

        public ProviderSettings build() {
            return new ProviderSettings(this);
        }
    }
}
