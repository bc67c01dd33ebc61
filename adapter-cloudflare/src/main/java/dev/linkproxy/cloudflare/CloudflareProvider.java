package dev.linkproxy.cloudflare;

import dev.linkproxy.core.LinkProxyException;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.RetryPolicy;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.CdnProvider;
import dev.linkproxy.core.spi.NativeConfig;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.spi.SettingDescriptor;
import dev.linkproxy.core.spi.Secret;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Cloudflare (full DNS set-up): a proxied CNAME per link domain to the ESP origin, SSL mode {@code full} for the
 * link hosts only (a configuration rule), their caching (a cache rule: bypass, or the spec's edge TTL), their
 * minimum TLS version, and an edge certificate that covers them.
 * Found by {@link java.util.ServiceLoader} under the id {@code cloudflare}.
 */
public final class CloudflareProvider implements CdnProvider {

    /** The provider id. */
    public static final String ID = "cloudflare";

    /** Setting: the API token (secret). */
    public static final String API_TOKEN = "apiToken";
    /** The environment variable read when {@link #API_TOKEN} is not set. */
    public static final String API_TOKEN_ENV = "CLOUDFLARE_API_TOKEN";
    /** Setting: {@code true} lets apply replace A/AAAA/CNAME records at a link domain that linkproxy did not create. */
    public static final String REPLACE_EXISTING_RECORDS = "replaceExistingRecords";
    /** Setting: seconds between two looks at a pending certificate in {@code await} (default 30). */
    public static final String CERTIFICATE_POLL_SECONDS = "certificatePollSeconds";

    private final RetryPolicy.Sleeper sleeper;
    private final LongSupplier nanoClock;
    private final Clock clock;

    /** The provider {@link java.util.ServiceLoader} creates: real sleeps and the system clock. */
    public CloudflareProvider() {
        this(d -> Thread.sleep(d.toMillis()), System::nanoTime);
    }

    /**
     * A provider whose {@code await} waits with {@code sleeper} and reads time from {@code nanoClock} (tests take no
     * real time with a sleeper that advances a fake clock).
     */
    public CloudflareProvider(RetryPolicy.Sleeper sleeper, LongSupplier nanoClock) {
        this(sleeper, nanoClock, Clock.systemUTC());
    }

    /**
     * As {@link #CloudflareProvider(RetryPolicy.Sleeper, LongSupplier)}, with the wall clock an uploaded
     * certificate's validity window is checked against ({@code pem:} certificates).
     */
    public CloudflareProvider(RetryPolicy.Sleeper sleeper, LongSupplier nanoClock, Clock clock) {
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.nanoClock = Objects.requireNonNull(nanoClock, "nanoClock");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "Cloudflare (proxied DNS record, per-host SSL configuration rule and cache rule, edge certificate)";
    }

    @Override
    public List<SettingDescriptor> settings() {
        return List.of(
                new SettingDescriptor(API_TOKEN, "a Cloudflare API token (My Profile > API Tokens) with "
                        + CloudflareErrors.TOKEN_PERMISSIONS.replaceFirst("^a ", ""), true, true,
                        Optional.of(API_TOKEN_ENV)),
                new SettingDescriptor(REPLACE_EXISTING_RECORDS, "\"true\" lets apply replace an A, AAAA or CNAME "
                        + "record at a link domain that linkproxy did not create (default false: the plan shows it "
                        + "and apply refuses); the spec has no such field because it is a decision about one account",
                        false, false, Optional.empty()),
                new SettingDescriptor(CERTIFICATE_POLL_SECONDS, "seconds between two looks at a pending certificate "
                        + "while awaiting (default 30)", false, false, Optional.empty()));
    }

    @Override
    public NativeConfig render(LinkProxySpec spec) {
        return new CloudflareRenderer().render(spec);
    }

    /**
     * A client for the account the token opens. Makes no call: the token is checked with
     * {@code GET /user/tokens/verify} by the first operation.
     *
     * @throws LinkProxyException when no token is set, naming the setting and its environment variable
     */
    @Override
    public CdnClient connect(ProviderSettings settings) {
        Secret token = settings.secretOrEnv(API_TOKEN, API_TOKEN_ENV).orElseThrow(() -> new LinkProxyException(
                "cloudflare needs an API token: set the " + API_TOKEN + " setting or " + API_TOKEN_ENV + " ("
                        + CloudflareErrors.TOKEN_PERMISSIONS + ")"));
        boolean replace = settings.value(REPLACE_EXISTING_RECORDS).map(Boolean::parseBoolean).orElse(false);
        Duration poll = settings.value(CERTIFICATE_POLL_SECONDS).map(CloudflareProvider::seconds)
                .orElse(Duration.ofSeconds(30));
        return new CloudflareClient(new CloudflareApi(settings, token), new CloudflareRenderer(),
                new CloudflareClient.Options(replace, poll, sleeper, nanoClock, clock));
    }

    private static Duration seconds(String text) {
        try {
            long s = Long.parseLong(text.trim());
            if (s < 1) {
                throw new NumberFormatException();
            }
            return Duration.ofSeconds(s);
        } catch (NumberFormatException e) {
            throw new LinkProxyException(CERTIFICATE_POLL_SECONDS + " must be a whole number of seconds, at least 1; got \""
                    + text + "\"");
        }
    }
}
