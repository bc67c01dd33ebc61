package dev.linkproxy.verifier;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.Provider;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.ResolverConfig;

/**
 * Proves that a link domain is served by a CDN with HTTPS, the way the ESP checks it before switching SSL click tracking
 * on: DNS cut over from the origin, TLS terminated for the link domain, and tracked links answered with the origin's
 * own redirect over HTTPS and HTTP.
 *
 * <p>Immutable and thread-safe: build one and reuse it for any number of domains, from any number of threads. Every
 * network step is bounded by its own time limit and by a total limit per domain. A verifier holds one TLS context and
 * one DNS resolver for all its domains; nothing it keeps grows with the number of domains verified.
 *
 * <pre>{@code
 * Verifier verifier = Verifier.builder().resolvers("127.0.0.1:53").build();
 * VerificationReport report = verifier.verify(VerificationRequest.forSpec(spec, "ablink.news.example.com").build());
 *
 * // Many domains, read lazily, each report printed as it finishes:
 * try (Stream<String> lines = Files.lines(domainsFile)) {
 *     Iterable<VerificationRequest> requests = () -> lines.map(d -> VerificationRequest.forSpec(spec, d).build()).iterator();
 *     BulkSummary summary = verifier.verifyAll(requests, report -> System.out.println(report.toJson()));
 * }
 * }</pre>
 */
public final class Verifier {

    private static final Logger LOG = LoggerFactory.getLogger(Verifier.class);

    /** Threads for the http-link checks, which run beside the TLS and https-link checks of the same domain. */
    private static final ExecutorService SIDE = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "linkproxy-verifier-http");
        t.setDaemon(true);
        return t;
    });

    /** One daemon thread for the whole JVM: it only closes sockets whose domain ran out of time. */
    private static final ScheduledExecutorService WATCHDOG = watchdog();

    private final TimeLimits limits;
    private final int concurrency;
    private final DnsCutoverCheck dnsCheck;
    private final TlsCheck tlsCheck;
    private final LinkCheck linkCheck;
    private final Endpoints endpoints;
    private final TlsConnector connector;
    private final Dialer dialer;

    private Verifier(Builder b) {
        this.limits = new TimeLimits(b.connectTimeout, b.handshakeTimeout, b.readTimeout, b.dnsTimeout, b.totalTimeout);
        this.concurrency = b.concurrency;
        List<InetSocketAddress> servers = b.resolvers.isEmpty() ? ResolverConfig.getCurrentConfig().servers()
                : b.resolvers;
        if (servers.isEmpty()) {
            throw new IllegalStateException("the system names no DNS resolver; give one with resolvers(\"host:port\")");
        }
        DnsResolver dns = new DnsResolver(servers, b.dnsTimeout);
        TrustMaterial trust = b.trustPem.isEmpty() ? TrustMaterial.jdkDefault() : TrustMaterial.fromPem(b.trustPem);
        this.dialer = new Dialer(limits, WATCHDOG, new AddressPolicy(b.allowedAddresses));
        this.connector = new TlsConnector(dialer, trust, Optional.ofNullable(b.tlsProvider));
        Clock clock = Clock.systemUTC();
        this.endpoints = new Endpoints(b.connectTo, dns);
        this.dnsCheck = new DnsCutoverCheck(dns);
        this.tlsCheck = new TlsCheck(connector, clock);
        this.linkCheck = new LinkCheck(connector, dialer, endpoints, clock);
    }

    /** A builder with the system's resolvers, the JDK's trust store and conservative time limits. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Runs every check for one link domain. Never throws for what it finds on the network: failures are check
     * results. Returns within the total time limit (plus the time to write the report).
     */
    public VerificationReport verify(VerificationRequest request) {
        Objects.requireNonNull(request, "request");
        try (OriginConnections none = new OriginConnections(0, Duration.ZERO, dialer)) {
            return verify(request, new Deadline(limits.total()), none);
        }
    }

    private VerificationReport verify(VerificationRequest request, Deadline deadline, OriginConnections origins) {
        boolean pre = request.mode() == VerificationMode.PRE_CUTOVER;
        String domain = request.linkDomain();

        DnsCutoverCheck.Outcome dns = dnsCheck.run(request, deadline);
        Resolution resolution = dns.resolution();
        String connectHost = pre ? request.endpoint().orElseThrow() : domain;
        Optional<List<InetAddress>> known = pre ? Optional.empty() : Optional.of(resolution.addresses());

        Targets https = targets(connectHost, LinkCheck.HTTPS_PORT, known, deadline);
        Optional<String> link = request.trackedLink();
        // Port 80 does not depend on port 443: the http-link check runs beside the TLS and https-link checks, so a
        // port that accepts and never handshakes fails those alone and a good port 80 still passes.
        CompletableFuture<LinkCheck.OriginAnswer> origin = new CompletableFuture<>();
        CompletableFuture<CheckResult> httpsDone = new CompletableFuture<>();
        Future<CheckResult> httpLink = link.isEmpty() ? CompletableFuture.completedFuture(null) : SIDE.submit(() -> {
            try {
                origin.complete(linkCheck.askOrigin(request, link.get(), deadline, origins));
            } catch (RuntimeException e) {
                origin.completeExceptionally(e);
                throw e;
            }
            Targets http = targets(connectHost, LinkCheck.HTTP_PORT, known, deadline);
            return http.problem != null ? skipped(CheckResult.HTTP_LINK, http.problem)
                    : guarded(CheckResult.HTTP_LINK, deadline,
                            () -> linkCheck.http(request, link.get(), http.addresses, origin.join(), httpsDone::join,
                                    deadline));
        });
        // The https-link request goes on the connection the TLS check verified for the same address: one full
        // handshake per address instead of two, with the same full certificate checks.
        Map<InetSocketAddress, Connection> verified = new java.util.HashMap<>();
        try {
            CheckResult tls = https.problem != null ? skipped(CheckResult.TLS, https.problem)
                    : guarded(CheckResult.TLS, deadline, () -> tlsCheck.run(domain, https.addresses, deadline, verified));

            CheckResult httpsLink;
            CheckResult http;
            if (link.isEmpty()) {
                String why = "no tracked link was given and the origin's link format is not known; give an existing one";
                httpsLink = skipped(CheckResult.HTTPS_LINK, why);
                http = skipped(CheckResult.HTTP_LINK, why);
            } else {
                CheckResult h = null;
                try {
                    h = https.problem != null ? skipped(CheckResult.HTTPS_LINK, https.problem)
                            : guarded(CheckResult.HTTPS_LINK, deadline,
                                    () -> linkCheck.https(request, link.get(), https.addresses, origin.join(), verified,
                                            deadline));
                } finally {
                    // http-link reads it only to judge an upgrade to https; it must never wait for it in vain.
                    httpsDone.complete(h != null ? h : new CheckResult(CheckResult.HTTPS_LINK, CheckStatus.FAIL,
                            "the check did not finish", Map.of()));
                }
                httpsLink = h;
                http = joined(httpLink, deadline);
            }
            List<CheckResult> checks = List.of(dns.result(), tls, httpsLink, http);
            boolean ready = checks.stream().allMatch(c -> c.status() == CheckStatus.PASS || c.status() == CheckStatus.WARN
                    || pre && c.name().equals(CheckResult.DNS_CUTOVER));
            LOG.debug("{} {}: ready={}", request.mode().wireName(), domain, ready);
            return new VerificationReport(domain, request.mode(), ready, checks);
        } finally {
            verified.values().forEach(Connection::close);
        }
    }

    /**
     * Verifies many domains with at most {@link Builder#concurrency(int) concurrency} running at once, handing each
     * report to {@code onReport} as soon as it is done, and returns the counts when every one is done.
     *
     * <ul>
     *   <li><b>Lazy, flat memory.</b> {@code requests} is iterated on the calling thread only (it need not be
     *       thread-safe), and a request is pulled only when a slot is free: at most {@code concurrency} requests are out
     *       of the iterator and not yet reported. Nothing is kept per finished domain, so a file of any length can be
     *       streamed through (e.g. {@code () -> lines.map(...).iterator()}; a {@code List} works too).</li>
     *   <li><b>Consumer calls are serialised</b>: one at a time, in completion order, on the run's worker threads, each
     *       call happening-before the next; the consumer needs no locking of its own. A slow consumer slows the run
     *       down (it holds back the others' reports), it never makes anything queue up.</li>
     *   <li><b>Overlap.</b> Domains run concurrently, so one domain's DNS overlaps another's TLS; a slow or hung domain
     *       holds one slot until its own total time limit and never delays the others' reports.</li>
     *   <li><b>The origin</b> (the same host for every domain) is asked on connections kept alive across the run's
     *       domains, at most {@code concurrency} of them idle and all closed when the run ends; every link domain's own
     *       edge still gets a full handshake of its own. {@link #verify} keeps no connection.</li>
     *   <li><b>Stopping.</b> If {@code onReport} or the iterator throws, nothing more is pulled or delivered, the running
     *       verifications are cancelled (sockets closed at once), and that exception is rethrown once they have ended.
     *       If the calling thread is interrupted, the same happens, the interrupt flag is kept, and a
     *       {@link CancellationException} is thrown. In every case no thread of the run outlives the call.</li>
     * </ul>
     *
     * <p>Thread-safe: any number of runs may use one verifier at once, each with its own pool of at most
     * {@code concurrency} threads, created for the run and ended with it.
     *
     * @param requests what to verify, pulled lazily
     * @param onReport called once per request, in completion order, never concurrently
     * @return the counts of the run; its size does not depend on the number of domains
     * @throws CancellationException when the calling thread was interrupted
     */
    public BulkSummary verifyAll(Iterable<VerificationRequest> requests, Consumer<? super VerificationReport> onReport) {
        Objects.requireNonNull(requests, "requests");
        // The origin is the same host for every domain: its connections are kept alive across the run's domains (at
        // most one idle per slot) and closed with the run.
        try (OriginConnections origins = new OriginConnections(concurrency, OriginConnections.MAX_IDLE, dialer)) {
            return new BulkRun(concurrency, limits.total(), (r, d) -> verify(r, d, origins), onReport)
                    .run(requests.iterator());
        }
    }

    /** Handshakes whose certificates are being recorded now (for tests: none once every verification is done). */
    int handshakesInProgress() {
        return connector.recorder().watching();
    }

    /** Connections the watchdog still watches, for all verifiers (for tests: none once every verification is done). */
    static int watchedConnections() {
        return ((ScheduledThreadPoolExecutor) WATCHDOG).getQueue().size();
    }

    private record Targets(List<InetSocketAddress> addresses, String problem) {
    }

    private Targets targets(String host, int port, Optional<List<InetAddress>> known, Deadline deadline) {
        try {
            return new Targets(endpoints.targets(host, port, known, deadline), null);
        } catch (StepException e) {
            return new Targets(List.of(), "nothing to connect to: " + e.getMessage());
        }
    }

    private static CheckResult guarded(String name, Deadline deadline, Supplier<CheckResult> check) {
        if (deadline.expired()) {
            return new CheckResult(name, CheckStatus.FAIL, deadline.reached().getMessage() + " before this check ran",
                    Map.of());
        }
        try {
            return check.get();
        } catch (RuntimeException e) {
            LOG.warn("check {} failed unexpectedly", name, e);
            return new CheckResult(name, CheckStatus.FAIL, "the check failed unexpectedly: " + e,
                    Map.of());
        }
    }

    /** The http-link verdict from its own thread; it ends by the same deadline, so this wait is bounded too. */
    private static CheckResult joined(Future<CheckResult> http, Deadline deadline) {
        try {
            return http.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            deadline.cancel();
            return new CheckResult(CheckResult.HTTP_LINK, CheckStatus.FAIL, deadline.reached().getMessage(), Map.of());
        } catch (ExecutionException e) {
            LOG.warn("check {} failed unexpectedly", CheckResult.HTTP_LINK, e.getCause());
            return new CheckResult(CheckResult.HTTP_LINK, CheckStatus.FAIL,
                    "the check failed unexpectedly: " + e.getCause(), Map.of());
        }
    }

    private static CheckResult skipped(String name, String why) {
        return new CheckResult(name, CheckStatus.SKIPPED, why, Map.of());
    }

    private static ScheduledExecutorService watchdog() {
        ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "linkproxy-verifier-watchdog");
            t.setDaemon(true);
            return t;
        });
        executor.setRemoveOnCancelPolicy(true);
        return executor;
    }

    /** Builds a {@link Verifier}; not thread-safe. */
    public static final class Builder {
        private final List<InetSocketAddress> resolvers = new ArrayList<>();
        private final List<Path> trustPem = new ArrayList<>();
        private final List<ConnectTo> connectTo = new ArrayList<>();
        private final List<Cidr> allowedAddresses = new ArrayList<>();
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration handshakeTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(10);
        private Duration dnsTimeout = Duration.ofSeconds(3);
        private Duration totalTimeout = Duration.ofSeconds(60);
        private int concurrency = 16;
        private Provider tlsProvider;

        private Builder() {
        }

        /**
         * DNS resolvers to ask, in order, as {@code host[:port]} ({@code 127.0.0.1:5353}, {@code [::1]:53}); the port
         * defaults to 53. Default: the system's resolvers.
         */
        public Builder resolvers(String... hostPorts) {
            for (String hp : hostPorts) {
                resolvers.add(resolverAddress(hp));
            }
            return this;
        }

        /** PEM files of the CA certificates chains must lead to, instead of the JDK's default trust store. */
        public Builder trustPem(Path... files) {
            trustPem.addAll(List.of(files));
            return this;
        }

        /** How long a TCP connect may take. */
        public Builder connectTimeout(Duration limit) {
            this.connectTimeout = positive(limit, "connectTimeout");
            return this;
        }

        /** How long a TLS handshake may take once connected. */
        public Builder handshakeTimeout(Duration limit) {
            this.handshakeTimeout = positive(limit, "handshakeTimeout");
            return this;
        }

        /** How long the verifier waits for the next bytes of an HTTP answer. */
        public Builder readTimeout(Duration limit) {
            this.readTimeout = positive(limit, "readTimeout");
            return this;
        }

        /** How long one DNS query to one resolver may take. */
        public Builder dnsTimeout(Duration limit) {
            this.dnsTimeout = positive(limit, "dnsTimeout");
            return this;
        }

        /** The most one domain's verification may take, whatever its peers do. */
        public Builder totalTimeout(Duration limit) {
            this.totalTimeout = positive(limit, "totalTimeout");
            return this;
        }

        /** Pins connections, as curl's {@code --connect-to HOST1:PORT1:HOST2:PORT2}; the first matching rule wins. */
        public Builder connectTo(String curlSyntax) {
            connectTo.add(ConnectTo.parse(curlSyntax));
            return this;
        }

        /** Pins connections as {@link #connectTo(String)} does; the first matching rule wins. */
        public Builder connectTo(ConnectTo rule) {
            connectTo.add(Objects.requireNonNull(rule, "rule"));
            return this;
        }

        /**
         * Address ranges the verifier may connect to although they are private, loopback, link-local, carrier-grade
         * NAT, multicast, unspecified or documentation ranges, which it refuses by default (a link domain typed in by
         * a customer must not make it probe the network it runs in). E.g. {@code "127.0.0.0/8", "::1/128"} for tests
         * on loopback.
         *
         * @throws IllegalArgumentException when a range is not {@code address/prefix}
         */
        public Builder allowAddresses(String... cidrs) {
            for (String c : cidrs) {
                allowedAddresses.add(Cidr.parse(c));
            }
            return this;
        }

        /**
         * How many domains {@link Verifier#verifyAll} checks at once (default 16): also the number of its threads and the
         * most requests it pulls ahead of the reports. Each running domain opens one connection at a time.
         */
        public Builder concurrency(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("concurrency must be at least 1, got " + n);
            }
            this.concurrency = n;
            return this;
        }

        /**
         * The security provider whose TLS makes the handshakes (default: the JDK's own). Conscrypt's ({@code
         * org.conscrypt.Conscrypt.newProvider()}, BoringSSL through JNI) needs about a fifth less CPU per domain in a
         * cold bulk run (the linkproxy CLIs use it when it loads). Whichever makes the handshake, the chain is judged by
         * the JDK's trust manager over the configured trust store, no session is resumed, and a chain longer than the
         * JDK's limit is refused.
         *
         * @throws NullPointerException when {@code provider} is null
         */
        public Builder tlsProvider(Provider provider) {
            this.tlsProvider = Objects.requireNonNull(provider, "provider");
            return this;
        }

        /**
         * Builds the verifier.
         *
         * @throws IllegalArgumentException when a trust file cannot be read
         * @throws IllegalStateException when no resolver is given and the system names none
         */
        public Verifier build() {
            return new Verifier(this);
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isZero() || d.isNegative()) {
                throw new IllegalArgumentException(what + " must be positive, got " + d);
            }
            return d;
        }

        private static InetSocketAddress resolverAddress(String hostPort) {
            String text = hostPort.trim();
            String host = text;
            int port = 53;
            if (text.startsWith("[")) {
                int close = text.indexOf(']');
                host = text.substring(1, close);
                if (close + 1 < text.length()) {
                    port = Integer.parseInt(text.substring(close + 2));
                }
            } else if (text.indexOf(':') >= 0 && text.indexOf(':') == text.lastIndexOf(':')) {
                host = text.substring(0, text.indexOf(':'));
                port = Integer.parseInt(text.substring(text.indexOf(':') + 1));
            }
            try {
                return new InetSocketAddress(InetAddress.getByName(host), port);
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("resolver \"" + hostPort + "\" does not resolve", e);
            }
        }
    }
}
