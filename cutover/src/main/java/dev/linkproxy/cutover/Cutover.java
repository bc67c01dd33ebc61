package dev.linkproxy.cutover;

import dev.linkproxy.core.DnsException;
import dev.linkproxy.core.spi.CutoverTarget;
import dev.linkproxy.core.spi.DnsChange;
import dev.linkproxy.core.spi.DnsClient;
import dev.linkproxy.core.spi.NameRecords;
import dev.linkproxy.core.spi.Progress;
import dev.linkproxy.core.spi.ProgressEvent;
import dev.linkproxy.core.spi.RecordSet;
import dev.linkproxy.cutover.CutoverOutcome.Status;
import dev.linkproxy.verifier.VerificationReport;
import dev.linkproxy.verifier.VerificationRequest;
import dev.linkproxy.verifier.Verifier;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Moves a link domain's CNAME from the ESP's origin to the CDN, and proves it, for one DNS provider:
 *
 * <ol>
 *   <li>read the name (the origin's CNAME is expected; already at the CDN: verify only; anything else: consent);</li>
 *   <li><b>gate</b>: the verifier's pre-cutover check through the CDN endpoint must be ready, or nothing changes;</li>
 *   <li>change the record with compare-and-set, and write the previous value to the journal;</li>
 *   <li>wait until the provider has it live and every authoritative server answers it (asked directly);</li>
 *   <li>verify post-cutover, resolving through the authoritative servers;</li>
 *   <li>on failure, put the previous record back by compare-and-set (unless rollback is off) and wait for it.</li>
 * </ol>
 *
 * <p>Resolver caches: clients that looked the name up before the change keep the old answer for up to its TTL, so for
 * that long some clicks still go to the origin (harmless: it serves them as before), and a rollback takes as long to
 * reach everyone. Lower the TTL a TTL ahead of the change ({@link Builder#ttl}) to shorten both.
 */
public final class Cutover {

    private static final String STAGE = "cutover";

    /** The TTL the cutover advises lowering a longer one to, ahead of the change. */
    static final Duration ADVISED_TTL = Duration.ofSeconds(300);

    private final DnsClient dns;
    private final String provider;
    private final Verifier gate;
    private final Function<List<String>, Verifier> proofVerifier;
    private final Optional<List<String>> authoritative;
    private final Journal journal;
    private final boolean rollback;
    private final boolean consent;
    private final Duration liveTimeout;
    private final Optional<Duration> ttl;
    private final Progress progress;
    private final Clock clock;
    private final Function<String, Optional<String>> cdnReadiness;

    private Cutover(Builder b) {
        this.dns = Objects.requireNonNull(b.dns, "dns");
        this.provider = Objects.requireNonNull(b.provider, "provider");
        this.gate = Objects.requireNonNull(b.gate, "gate");
        this.proofVerifier = Objects.requireNonNull(b.proofVerifier, "proofVerifier");
        this.authoritative = b.authoritative;
        this.journal = Objects.requireNonNull(b.journal, "journal");
        this.rollback = b.rollback;
        this.consent = b.consent;
        this.liveTimeout = b.liveTimeout;
        this.ttl = b.ttl;
        this.progress = b.progress;
        this.clock = b.clock;
        this.cdnReadiness = b.cdnReadiness;
    }

    /** A builder; the DNS client, the gate verifier, the proof verifier and the journal are required. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Cuts one link domain over to {@code target}. Never throws for what it finds: every ending is an outcome.
     *
     * @param request the verification request of the link domain (origin, link, header), as for {@link Verifier}
     * @param target  the CDN's cutover target (a host name: the CNAME's new value)
     */
    public CutoverOutcome run(VerificationRequest.Builder request, CutoverTarget target) {
        VerificationRequest template = request.build();
        String domain = template.linkDomain();
        String cdn = AuthoritativeAnswers.lower(target.hostName());
        String origin = AuthoritativeAnswers.lower(template.originHost());
        NameRecords before;
        String zone;
        try {
            zone = dns.zoneOf(domain);
            before = dns.read(domain);
        } catch (DnsException e) {
            return outcome(domain, Status.NOT_CHANGED, NameRecords.none(domain), NameRecords.none(domain),
                    null, null, e.getMessage());
        }
        if (target.proxiedRecord()) {
            return runProxied(request, target, domain, zone, before, origin);
        }
        Optional<String> now = cname(before);
        NameRecords desired = NameRecords.of(RecordSet.cname(domain, cdn, ttl.orElse(ttlOf(before))));
        if (now.filter(cdn::equals).isPresent()) {
            VerificationReport proof = prove(request, target, zone);
            return outcome(domain, proof.ready() ? Status.ALREADY_CUT_OVER : Status.FAILED_NOT_ROLLED_BACK, before,
                    before, null, proof, proof.ready() ? domain + " already points at " + cdn + " and is served"
                            : domain + " already points at " + cdn + " but is not ready: nothing to roll back to");
        }
        if (ttlOf(before).compareTo(ADVISED_TTL) > 0) {
            report(domain + ": its TTL is " + ttlOf(before).toSeconds() + " s: resolvers may send clicks to the origin"
                    + " that long after the change, and a rollback takes as long to reach everyone; to shorten both,"
                    + " lower it first (cutover --lower-ttl-first " + ADVISED_TTL.toSeconds() + ") and cut over one"
                    + " old TTL later");
        }
        if (now.filter(origin::equals).isEmpty() && !consent) {
            return outcome(domain, Status.NEEDS_CONSENT, before, before, null, null, domain + " holds "
                    + before.sets() + ", not the CNAME to " + origin + ": give consent to replace it");
        }
        report(domain + ": gate, pre-cutover verification through " + cdn);
        VerificationReport gateReport = gate.verify(request.preCutover(cdn).build());
        if (!gateReport.ready()) {
            return outcome(domain, Status.GATE_FAILED, before, before, gateReport, null, "the CDN does not serve "
                    + domain + " yet (" + failures(gateReport) + "): nothing was changed");
        }
        DnsChange change;
        try {
            change = dns.replace(before, desired);
        } catch (DnsException e) {
            return outcome(domain, Status.NOT_CHANGED, before, safeRead(domain, before), gateReport, null,
                    e.getMessage());
        }
        journal.append(new Journal.Entry(domain, zone, provider, clock.instant(), before, desired));
        report(domain + ": changed to CNAME " + cdn + " (previous value in the journal); waiting until it is live");
        VerificationReport proof;
        try {
            dns.awaitLive(change, liveTimeout, progress);
            awaitAuthoritative(zone, domain, servers -> servers.notAnswering(domain, cdn), "answers CNAME " + cdn);
            proof = prove(request, target, zone);
        } catch (DnsException e) {
            return rollBack(domain, before, desired, gateReport, null, "not live: " + e.getMessage());
        }
        if (proof.ready()) {
            return outcome(domain, Status.CUT_OVER, before, desired, gateReport, proof, domain + " now points at "
                    + cdn + " on every authoritative server and is served with HTTPS");
        }
        return rollBack(domain, before, desired, gateReport, proof, "the post-cutover proof failed ("
                + failures(proof) + ")");
    }

    /**
     * Lowers the TTL of {@code domain}'s record to the origin ahead of a cutover, nothing else (compare-and-set,
     * journaled): once the old TTL has passed, every resolver asks again within {@code newTtl}, so clicks leave the
     * origin and a rollback reaches everyone that much sooner. A record already at or below it is left alone.
     */
    public CutoverOutcome lowerTtl(String domain, Duration newTtl) {
        String name = AuthoritativeAnswers.lower(domain);
        NameRecords before;
        String zone;
        try {
            zone = dns.zoneOf(name);
            before = dns.read(name);
        } catch (DnsException e) {
            return outcome(name, Status.NOT_CHANGED, NameRecords.none(name), NameRecords.none(name), null, null,
                    e.getMessage());
        }
        Duration old = ttlOf(before);
        if (before.isEmpty()) {
            return outcome(name, Status.NOT_CHANGED, before, before, null, null, name + " holds no record");
        }
        if (old.compareTo(newTtl) <= 0) {
            return outcome(name, Status.TTL_LOWERED, before, before, null, null, name + "'s TTL is already "
                    + old.toSeconds() + " s: cut over when you like");
        }
        NameRecords lowered = new NameRecords(name, before.sets().stream().map(s -> s.withTtl(newTtl)).toList(),
                before.proxied());
        try {
            DnsChange change = dns.replace(before, lowered);
            journal.append(new Journal.Entry(name, zone, provider, clock.instant(), before, change.after()));
            dns.awaitLive(change, liveTimeout, progress);
        } catch (DnsException e) {
            return outcome(name, Status.NOT_CHANGED, before, safeRead(name, before), null, null, e.getMessage());
        }
        return outcome(name, Status.TTL_LOWERED, before, lowered, null, null, name + "'s TTL is now "
                + newTtl.toSeconds() + " s (was " + old.toSeconds() + " s): cut over after "
                + clock.instant().plus(old).truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                + ", when no resolver holds the old TTL any more");
    }

    /**
     * The cutover where the CDN's own DNS proxies the record (Cloudflare): the DNS-only CNAME to the origin becomes
     * proxied. The CDN's edge serves a host only once its record is proxied, so no verification can pass through it
     * before; the gate is the CDN API's word ({@link Builder#cdnReadiness}), and the proof through the authoritative
     * servers, with rollback to the DNS-only record, is the guard.
     */
    private CutoverOutcome runProxied(VerificationRequest.Builder request, CutoverTarget target, String domain,
                                      String zone, NameRecords before, String origin) {
        if (before.proxied()) {
            VerificationReport proof = prove(request, target, zone);
            return outcome(domain, proof.ready() ? Status.ALREADY_CUT_OVER : Status.FAILED_NOT_ROLLED_BACK, before,
                    before, null, proof, proof.ready() ? domain + " is already proxied and is served"
                            : domain + " is already proxied but is not ready (" + failures(proof) + ")");
        }
        if (cname(before).filter(origin::equals).isEmpty() && !consent) {
            return outcome(domain, Status.NEEDS_CONSENT, before, before, null, null, domain + " holds "
                    + before.sets() + ", not the CNAME to " + origin + ": give consent to proxy it");
        }
        report(domain + ": gate, the CDN's API on whether it serves " + domain);
        Optional<String> notReady = cdnReadiness == null
                ? Optional.of("no readiness check of the CDN was given, which a proxied cutover needs")
                : cdnReadiness.apply(domain);
        if (notReady.isPresent()) {
            return outcome(domain, Status.GATE_FAILED, before, before, null, null, "the CDN does not serve " + domain
                    + " yet (" + notReady.get() + "): nothing was changed");
        }
        NameRecords desired = before.withProxied(true);
        DnsChange change;
        try {
            change = dns.replace(before, desired);
        } catch (DnsException e) {
            return outcome(domain, Status.NOT_CHANGED, before, safeRead(domain, before), null, null, e.getMessage());
        }
        journal.append(new Journal.Entry(domain, zone, provider, clock.instant(), before, change.after()));
        report(domain + ": proxied (previous value in the journal); waiting until it is live");
        VerificationReport proof;
        try {
            dns.awaitLive(change, liveTimeout, progress);
            awaitAuthoritative(zone, domain, servers -> servers.stillAnswering(domain, origin),
                    "no longer answers the CNAME to " + origin);
            proof = prove(request, target, zone);
        } catch (DnsException e) {
            return rollBack(domain, before, change.after(), null, null, "not live: " + e.getMessage());
        }
        if (proof.ready()) {
            return outcome(domain, Status.CUT_OVER, before, change.after(), null, proof, domain + " is proxied by the"
                    + " CDN on every authoritative server and is served with HTTPS");
        }
        return rollBack(domain, before, change.after(), null, proof, "the post-cutover proof failed ("
                + failures(proof) + ")");
    }

    /**
     * Puts back, by compare-and-set, every change of a journal that still holds (newest first); a name changed since is
     * left alone and reported.
     *
     * @throws IllegalArgumentException when the file is not a journal, before any DNS call
     */
    public List<CutoverOutcome> rollback(Path journalFile) {
        List<Journal.Entry> entries = new ArrayList<>(new Journal(journalFile).read());
        java.util.Collections.reverse(entries);
        List<CutoverOutcome> out = new ArrayList<>();
        for (Journal.Entry e : entries) {
            try {
                NameRecords now = dns.read(e.domain());
                DnsChange back = dns.replace(e.after(), e.before());
                dns.awaitLive(back, liveTimeout, progress);
                out.add(outcome(e.domain(), Status.ROLLED_BACK, now, e.before(), null, null,
                        e.domain() + " is back to " + e.before().sets()));
            } catch (DnsException x) {
                out.add(outcome(e.domain(), Status.NOT_CHANGED, e.after(), safeRead(e.domain(), e.after()), null, null,
                        x.getMessage()));
            }
        }
        return out;
    }

    private CutoverOutcome rollBack(String domain, NameRecords before, NameRecords desired,
                                    VerificationReport gateReport, VerificationReport proof, String why) {
        if (!rollback) {
            return outcome(domain, Status.FAILED_NOT_ROLLED_BACK, before, safeRead(domain, desired), gateReport, proof,
                    why + "; left as it is (rollback is off): put it back with the journal");
        }
        report(domain + ": " + why + "; rolling back to " + before.sets());
        try {
            DnsChange back = dns.replace(desired, before);
            dns.awaitLive(back, liveTimeout, progress);
            return outcome(domain, Status.ROLLED_BACK, before, before, gateReport, proof, why + "; rolled back to "
                    + before.sets() + " (clients that cached the new answer keep it for up to its TTL)");
        } catch (DnsException e) {
            return outcome(domain, Status.FAILED_NOT_ROLLED_BACK, before, safeRead(domain, desired), gateReport, proof,
                    why + "; the rollback failed too: " + e.getMessage() + "; put it back with the journal");
        }
    }

    private VerificationReport prove(VerificationRequest.Builder request, CutoverTarget target, String zone) {
        List<String> resolvers = authoritative.orElseGet(() -> dns.authoritativeServers(zone));
        return proofVerifier.apply(resolvers).verify(request.postCutover().expectedTarget(target).build());
    }

    /** Waits until {@code behind} finds no authoritative server lagging; {@code state} says what they all do then. */
    private void awaitAuthoritative(String zone, String domain, Function<AuthoritativeAnswers, List<String>> lagging,
                                    String state) {
        List<String> servers = authoritative.orElseGet(() -> dns.authoritativeServers(zone));
        AuthoritativeAnswers answers = new AuthoritativeAnswers(AuthoritativeAnswers.parse(servers),
                Duration.ofSeconds(5));
        long start = System.nanoTime();
        while (true) {
            List<String> behind = lagging.apply(answers);
            Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
            if (behind.isEmpty()) {
                report(domain + ": every authoritative server (" + answers.servers().size() + ") " + state);
                return;
            }
            report(domain + ": waiting for " + behind);
            if (elapsed.compareTo(liveTimeout) > 0) {
                throw new DnsException(provider, "await", DnsException.Kind.TIMEOUT, "authoritative servers still "
                        + "answer the old record: " + behind, "check the zone's transfers to its secondaries", null);
            }
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new DnsException(provider, "await", DnsException.Kind.TIMEOUT, "interrupted", null, e);
            }
        }
    }

    private NameRecords safeRead(String domain, NameRecords fallback) {
        try {
            return dns.read(domain);
        } catch (DnsException e) {
            return fallback;
        }
    }

    private static Optional<String> cname(NameRecords r) {
        return r.sets().stream().filter(s -> s.type().equals("CNAME")).findFirst()
                .map(s -> AuthoritativeAnswers.lower(s.values().get(0)));
    }

    private static Duration ttlOf(NameRecords r) {
        return r.sets().stream().map(RecordSet::ttl).min(Duration::compareTo).orElse(Duration.ofSeconds(300));
    }

    private static String failures(VerificationReport r) {
        List<String> out = new ArrayList<>();
        r.checks().stream().filter(c -> c.status() == dev.linkproxy.verifier.CheckStatus.FAIL)
                .forEach(c -> out.add(c.name() + ": " + c.summary()));
        return String.join("; ", out);
    }

    private CutoverOutcome outcome(String domain, Status status, NameRecords before, NameRecords now,
                                   VerificationReport gateReport, VerificationReport proof, String message) {
        report(domain + ": " + status.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ') + ": " + message);
        return new CutoverOutcome(domain, status, before, now, Optional.ofNullable(gateReport),
                Optional.ofNullable(proof), message);
    }

    private void report(String message) {
        progress.report(new ProgressEvent(provider, STAGE, message, Duration.ZERO));
    }

    /** Builds a {@link Cutover}; not thread-safe. */
    public static final class Builder {
        private DnsClient dns;
        private String provider;
        private Verifier gate;
        private Function<List<String>, Verifier> proofVerifier;
        private Optional<List<String>> authoritative = Optional.empty();
        private Journal journal;
        private boolean rollback = true;
        private boolean consent;
        private Duration liveTimeout = Duration.ofMinutes(5);
        private Optional<Duration> ttl = Optional.empty();
        private Progress progress = Progress.NONE;
        private Clock clock = Clock.systemUTC();
        private Function<String, Optional<String>> cdnReadiness;

        private Builder() {
        }

        /**
         * The gate of a proxied cutover ({@link CutoverTarget#proxiedRecord()}): given a link domain, why the CDN's API
         * says it does not serve it yet (rules, certificate), or empty when it does. Without it a proxied cutover stops
         * at the gate.
         */
        public Builder cdnReadiness(Function<String, Optional<String>> notReadyBecause) {
            this.cdnReadiness = notReadyBecause;
            return this;
        }

        /** The DNS provider's client, and its id for the journal. */
        public Builder dns(DnsClient client, String providerId) {
            this.dns = client;
            this.provider = providerId;
            return this;
        }

        /** The verifier of the gate (pre-cutover, through the CDN endpoint, with the usual resolvers). */
        public Builder gate(Verifier verifier) {
            this.gate = verifier;
            return this;
        }

        /**
         * The verifier of the proof, given the authoritative servers ({@code host[:port]}) to resolve through, e.g.
         * {@code servers -> Verifier.builder().resolvers(servers.toArray(String[]::new)).build()}.
         */
        public Builder proof(Function<List<String>, Verifier> verifierFor) {
            this.proofVerifier = verifierFor;
            return this;
        }

        /** The authoritative servers to ask, {@code host[:port]}; default: the zone's, as the provider lists them. */
        public Builder authoritativeServers(List<String> hostPorts) {
            this.authoritative = Optional.of(List.copyOf(hostPorts));
            return this;
        }

        /** Where each change's previous value is appended. */
        public Builder journal(Path file) {
            this.journal = new Journal(file);
            return this;
        }

        /** Whether a failed proof puts the previous record back (default true). */
        public Builder rollback(boolean on) {
            this.rollback = on;
            return this;
        }

        /** Whether a name holding something other than the origin's CNAME may be replaced (default false). */
        public Builder consent(boolean given) {
            this.consent = given;
            return this;
        }

        /** How long the change may take to be live everywhere (default 5 minutes). */
        public Builder liveTimeout(Duration limit) {
            this.liveTimeout = limit;
            return this;
        }

        /** The new record's TTL; default: the old record's. */
        public Builder ttl(Duration newTtl) {
            this.ttl = Optional.of(newTtl);
            return this;
        }

        public Builder progress(Progress p) {
            this.progress = p;
            return this;
        }

        Builder clock(Clock c) {
            this.clock = c;
            return this;
        }

        public Cutover build() {
            return new Cutover(this);
        }
    }
}
