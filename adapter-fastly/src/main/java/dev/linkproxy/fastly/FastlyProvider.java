package dev.linkproxy.fastly;

import dev.linkproxy.core.LinkProxyException;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.RetryPolicy;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.CdnProvider;
import dev.linkproxy.core.spi.NativeConfig;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.spi.SettingDescriptor;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Fastly: one VCL service per set of link domains (domains, the origin backend, a pass-through VCL snippet, the
 * fallback TTL), changed only through a draft version that is validated and then activated, and TLS through a Fastly
 * TLS subscription ({@code certificate: managed}) or an uploaded certificate ({@code pem:}).
 *
 * <p>Settings: {@code apiToken} (or {@code FASTLY_API_TOKEN}), {@code certificateAuthority}, {@code removeFailedDraft},
 * {@code pollIntervalSeconds}; see {@link #settings()}.
 */
public final class FastlyProvider implements CdnProvider {

    /** The provider id. */
    public static final String ID = "fastly";
    /** Fastly's API. */
    public static final URI DEFAULT_ENDPOINT = URI.create("https://api.fastly.com");

    static final String TOKEN = "apiToken";
    static final String TOKEN_ENV = "FASTLY_API_TOKEN";
    static final String CERTIFICATE_AUTHORITY = "certificateAuthority";
    static final String REMOVE_FAILED_DRAFT = "removeFailedDraft";
    static final String POLL_INTERVAL = "pollIntervalSeconds";

    private final Clock clock;
    private final RetryPolicy.Sleeper sleeper;

    /** The provider {@link java.util.ServiceLoader} creates: the system clock, real waits. */
    public FastlyProvider() {
        this(Clock.systemUTC(), d -> Thread.sleep(d.toMillis()));
    }

    /**
     * A provider whose clients read time from {@code clock} (rate-limit resets, await deadlines) and wait with
     * {@code sleeper} (await polls, rate-limit pauses): tests pass a fake pair so they take no real time.
     */
    public FastlyProvider(Clock clock, RetryPolicy.Sleeper sleeper) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Fastly (VCL service with versioned activation + TLS subscription or uploaded certificate)";
    }

    @Override
    public List<SettingDescriptor> settings() {
        return List.of(
                new SettingDescriptor(TOKEN, "Fastly API token with the global scope (Account > API tokens); "
                        + "TLS changes need a user with the engineer or superuser role", true, true, Optional.of(TOKEN_ENV)),
                new SettingDescriptor(CERTIFICATE_AUTHORITY, "for certificate: managed, the CA of the TLS subscription: "
                        + String.join(", ", FastlyRenderer.CERTIFICATE_AUTHORITIES) + " (default "
                        + FastlyRenderer.DEFAULT_CA + ")", false, false, Optional.empty()),
                new SettingDescriptor(REMOVE_FAILED_DRAFT, "true: when a change fails before activation, remove what "
                        + "the failed attempt made (a service that was never activated is deleted; a cloned draft, which "
                        + "Fastly cannot delete, is locked so nothing edits it further). Default false: left for "
                        + "inspection and named in the error", false, false, Optional.empty()),
                new SettingDescriptor(POLL_INTERVAL, "seconds between polls while awaiting activation and certificate "
                        + "issuance (default 15); the deadline is the await timeout", false, false, Optional.empty()));
    }

    /** The spec as Fastly objects, with the default certificate authority; see {@link FastlyRenderer}. */
    @Override
    public NativeConfig render(LinkProxySpec spec) {
        return FastlyRenderer.render(spec);
    }

    /**
     * A client for one Fastly account. Makes no call.
     *
     * @throws LinkProxyException when no token is set, or a value is malformed, naming the setting
     */
    @Override
    public CdnClient connect(ProviderSettings settings) {
        var token = settings.secretOrEnv(TOKEN, TOKEN_ENV).orElseThrow(() -> new LinkProxyException(
                "fastly: no API token; set the " + TOKEN + " setting or the " + TOKEN_ENV + " environment variable"));
        String ca = settings.value(CERTIFICATE_AUTHORITY).orElse(FastlyRenderer.DEFAULT_CA);
        if (!FastlyRenderer.CERTIFICATE_AUTHORITIES.contains(ca)) {
            throw new LinkProxyException("fastly: " + CERTIFICATE_AUTHORITY + " \"" + ca + "\" is not one of "
                    + FastlyRenderer.CERTIFICATE_AUTHORITIES);
        }
        boolean removeFailedDraft = bool(settings, REMOVE_FAILED_DRAFT);
        Duration poll = Duration.ofSeconds(number(settings, POLL_INTERVAL, 15));
        FastlyApi api = new FastlyApi(settings.endpoint().orElse(DEFAULT_ENDPOINT), token, settings.connectTimeout(),
                settings.callTimeout(), settings.retryPolicy(), clock);
        return new FastlyClient(api, new FastlyClient.Options(ca, removeFailedDraft, poll), clock, sleeper);
    }

    private static boolean bool(ProviderSettings settings, String name) {
        String v = settings.value(name).orElse("false").trim();
        if (!v.equalsIgnoreCase("true") && !v.equalsIgnoreCase("false")) {
            throw new LinkProxyException("fastly: " + name + " must be true or false, got \"" + v + "\"");
        }
        return Boolean.parseBoolean(v);
    }

    private static long number(ProviderSettings settings, String name, long fallback) {
        String v = settings.value(name).orElse(Long.toString(fallback)).trim();
        try {
            long n = Long.parseLong(v);
            if (n < 1) {
                throw new NumberFormatException();
            }
            return n;
        } catch (NumberFormatException e) {
            throw new LinkProxyException("fastly: " + name + " must be a whole number of seconds, 1 or more, got \""
                    + v + "\"");
        }
    }
}
