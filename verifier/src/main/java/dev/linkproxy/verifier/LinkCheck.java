package dev.linkproxy.verifier;

import dev.linkproxy.core.LinkDomainHeader;
import dev.linkproxy.core.OriginProtocol;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code https-link} and {@code http-link} checks: the tracked link, requested through the CDN without following
 * redirects, must give the redirect the ESP's origin gives when asked the same question directly.
 */
final class LinkCheck {

    static final int HTTPS_PORT = 443;
    static final int HTTP_PORT = 80;

    /** The origin's own answer, or why it could not be asked. */
    record OriginAnswer(Optional<HttpAnswer> answer, String problem, Map<String, Object> evidence) {
    }

    private final TlsConnector tls;
    private final Dialer dialer;
    private final Endpoints endpoints;
    private final Clock clock;

    LinkCheck(TlsConnector tls, Dialer dialer, Endpoints endpoints, Clock clock) {
        this.tls = tls;
        this.dialer = dialer;
        this.endpoints = endpoints;
        this.clock = clock;
    }

    /**
     * Asks the origin directly, identifying the link domain the way the ESP expects, on a connection kept from an
     * earlier domain of the run where {@code origins} has one.
     */
    OriginAnswer askOrigin(VerificationRequest r, String link, Deadline deadline, OriginConnections origins) {
        String origin = r.originHost();
        boolean https = r.originProtocol() == OriginProtocol.HTTPS_ONLY;
        Map<String, String> headers = new LinkedHashMap<>();
        if (r.linkDomainHeader() == LinkDomainHeader.X_FORWARDED_HOST) {
            headers.put("Host", origin);
            headers.put("X-Forwarded-Host", r.linkDomain());
        } else {
            headers.put("Host", r.linkDomain());
        }
        Map<String, Object> evidence = new LinkedHashMap<>();
        evidence.put("url", (https ? "https://" : "http://") + origin + link);
        evidence.put("headers", headers);
        try {
            List<InetSocketAddress> targets = endpoints.targets(origin, https ? HTTPS_PORT : HTTP_PORT, Optional.empty(), deadline);
            evidence.put("connectedTo", Addresses.text(targets.get(0)));
            OriginConnections.Key key = new OriginConnections.Key(targets.get(0), https ? origin : null);
            HttpAnswer answer = ask(key, link, headers, deadline, origins, evidence);
            evidence.put("answer", answer.evidence());
            return new OriginAnswer(Optional.of(answer), null, evidence);
        } catch (IOException e) {
            evidence.put("problem", e.getMessage());
            return new OriginAnswer(Optional.empty(), e.getMessage(), evidence);
        }
    }

    /**
     * The tracked link over HTTPS, asked at every address the TLS check covers (same cap): a mail client may land on
     * any of them, so one broken edge address fails the check, and the evidence names it. The request goes on the
     * connection the TLS check verified for an address where there is one (taken out of {@code verified}; its
     * certificate was checked in full on that very handshake), else on a new, fully checked handshake.
     */
    CheckResult https(VerificationRequest r, String link, List<InetSocketAddress> targets, OriginAnswer origin,
                      Map<InetSocketAddress, Connection> verified, Deadline deadline) {
        String url = "https://" + r.linkDomain() + link;
        return everyAddress(CheckResult.HTTPS_LINK, url, targets, origin, (to, evidence) -> {
            Connection open = verified.isEmpty() ? null : verified.remove(to);
            HttpAnswer cdn;
            if (open != null) {
                evidence.put("sameConnectionAsTlsCheck", true);
                try (Connection c = open) {
                    cdn = HttpProbe.get(c, link, Map.of("Host", r.linkDomain()), deadline, dialer.limits().read());
                }
            } else {
                cdn = fetchTls(to, r.linkDomain(), link, Map.of("Host", r.linkDomain()), deadline);
            }
            evidence.put("answer", cdn.evidence());
            return compare(CheckResult.HTTPS_LINK, r, url, cdn, origin, evidence);
        });
    }

    /** The tracked link over plain HTTP, at every address (as {@link #https}). */
    CheckResult http(VerificationRequest r, String link, List<InetSocketAddress> targets, OriginAnswer origin,
                     java.util.function.Supplier<CheckResult> httpsVerdict, Deadline deadline) {
        String url = "http://" + r.linkDomain() + link;
        return everyAddress(CheckResult.HTTP_LINK, url, targets, origin, (to, evidence) -> {
            HttpAnswer cdn = fetchPlain(to, link, Map.of("Host", r.linkDomain()), deadline);
            evidence.put("answer", cdn.evidence());
            if (cdn.redirect() && isUpgrade(cdn.location().get(), r.linkDomain(), link)) {
                evidence.put("upgradesToHttps", true);
                CheckResult httpsResult = httpsVerdict.get();
                if (httpsResult.status() == CheckStatus.PASS || httpsResult.status() == CheckStatus.WARN) {
                    String says = httpsResult.status() == CheckStatus.PASS ? "passes" : "passes with a warning";
                    evidence.put("note", "the answer upgrades to the same URL on https, and the HTTPS link " + says);
                    return result(CheckResult.HTTP_LINK, httpsResult.status(), url + " upgrades to https with "
                            + cdn.status() + "; note: the HTTPS link " + says, evidence);
                }
                return result(CheckResult.HTTP_LINK, CheckStatus.FAIL, url + " upgrades to https with " + cdn.status()
                        + ", but the HTTPS link fails", evidence);
            }
            return compare(CheckResult.HTTP_LINK, r, url, cdn, origin, evidence);
        });
    }

    /** One address's verdict; its evidence goes into the map it is given. */
    private interface AtAddress {
        CheckResult check(InetSocketAddress to, Map<String, Object> evidence) throws IOException;
    }

    /** The worst verdict over every capped address (fail over warn over pass), naming the address it came from. */
    private CheckResult everyAddress(String name, String url, List<InetSocketAddress> targets, OriginAnswer origin,
                                     AtAddress check) {
        List<InetSocketAddress> capped = TlsCheck.capped(targets);
        Map<String, Object> evidence = evidence(url, capped, origin);
        List<Map<String, Object>> perAddress = new ArrayList<>();
        CheckResult worst = null;
        InetSocketAddress worstAt = null;
        int failed = 0;
        for (InetSocketAddress to : capped) {
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("address", Addresses.text(to));
            CheckResult verdict;
            try {
                verdict = check.check(to, one);
            } catch (IOException e) {
                one.put("problem", e.getMessage());
                verdict = result(name, CheckStatus.FAIL, "no answer for " + url + ": " + e.getMessage(), one);
            }
            one.put("status", verdict.status().name().toLowerCase(Locale.ROOT));
            perAddress.add(one);
            if (verdict.status() == CheckStatus.FAIL) {
                failed++;
            }
            if (worst == null || rank(verdict.status()) > rank(worst.status())) {
                worst = verdict;
                worstAt = to;
            }
        }
        // The verdict's own evidence (its answer) at the top, every address's below it.
        perAddress.get(indexOf(capped, worstAt)).forEach((k, v) -> {
            if (!k.equals("address") && !k.equals("status")) {
                evidence.put(k, v);
            }
        });
        if (perAddress.size() > 1) {
            evidence.put("addresses", perAddress);
        }
        String summary = worst.summary();
        if (capped.size() > 1) {
            summary += worst.status() == CheckStatus.FAIL
                    ? " (at " + Addresses.text(worstAt) + "; " + failed + " of " + capped.size() + " addresses fail)"
                    : " (on " + capped.size() + " addresses)";
        }
        if (worst.status() == CheckStatus.FAIL) {
            evidence.put("failedAt", Addresses.text(worstAt));
        }
        return result(name, worst.status(), summary, evidence);
    }

    private static int indexOf(List<InetSocketAddress> list, InetSocketAddress at) {
        return Math.max(0, list.indexOf(at));
    }

    private static int rank(CheckStatus s) {
        return s == CheckStatus.FAIL ? 3 : s == CheckStatus.WARN ? 2 : s == CheckStatus.PASS ? 1 : 0;
    }

    private CheckResult compare(String name, VerificationRequest r, String url, HttpAnswer cdn, OriginAnswer origin,
                                Map<String, Object> evidence) {
        String originSays = origin.answer().map(a -> "the origin answers " + a)
                .orElse("the origin could not be asked: " + origin.problem());
        if (!cdn.redirect()) {
            String what = cdn.status() == 200 ? "200 (a page, not the tracking redirect)"
                    : cdn.status() >= 500 ? cdn.status() + " (a server error)"
                    : cdn.status() >= 400 ? cdn.status() + " (a client error)" : cdn.toString() + " (not a redirect)";
            return result(name, CheckStatus.FAIL, url + " answered " + what + "; " + originSays, evidence);
        }
        if (origin.answer().isPresent()) {
            HttpAnswer o = origin.answer().get();
            if (!o.redirect()) {
                return result(name, CheckStatus.FAIL, "the origin itself answers " + o + " for this link, not a redirect:"
                        + " give an existing tracked link", evidence);
            }
            if (o.status() == cdn.status() && o.location().equals(cdn.location())) {
                return result(name, CheckStatus.PASS, url + " answered " + cdn + ", as the origin does", evidence);
            }
            return result(name, CheckStatus.FAIL, url + " answered " + cdn + " but " + originSays
                    + " (query string dropped or Host rewritten on the way?)", evidence);
        }
        Optional<String> host = hostOf(cdn.location().get());
        if (host.isPresent() && !host.get().equals(r.linkDomain())) {
            return result(name, CheckStatus.WARN, url + " redirects to " + host.get() + " (" + cdn
                    + "); the origin was not compared: " + origin.problem(), evidence);
        }
        return result(name, CheckStatus.FAIL, url + " redirects to its own host (" + cdn + ") and " + originSays,
                evidence);
    }

    /** One request to the origin: on a kept connection if there is one, else (or if the origin closed it) a new one. */
    private HttpAnswer ask(OriginConnections.Key key, String link, Map<String, String> headers, Deadline deadline,
                           OriginConnections origins, Map<String, Object> evidence) throws IOException {
        Optional<Connection> kept = origins.take(key, deadline);
        if (kept.isPresent()) {
            try {
                HttpAnswer answer = exchange(key, kept.get(), link, headers, deadline, origins);
                evidence.put("keptAlive", true);
                return answer;
            } catch (HttpProbe.NoAnswer closedWhileIdle) {
                // The origin may close an idle connection at any moment; a GET is safe to send again.
            }
        }
        Connection fresh = key.serverName() == null ? dialer.connect(key.address(), deadline)
                : openTls(key.address(), key.serverName(), deadline);
        return exchange(key, fresh, link, headers, deadline, origins);
    }

    /** Sends the request on {@code c}, then keeps {@code c} for the next domain if it can carry another one. */
    private HttpAnswer exchange(OriginConnections.Key key, Connection c, String link, Map<String, String> headers,
                                Deadline deadline, OriginConnections origins) throws IOException {
        boolean keep = false;
        try {
            HttpProbe.Exchange e = HttpProbe.exchange(c, link, headers, deadline, dialer.limits().read(),
                    origins.keeps());
            keep = e.reusable();
            return e.answer();
        } finally {
            if (keep) {
                origins.keep(key, c);
            } else {
                c.close();
            }
        }
    }

    private HttpAnswer fetchTls(InetSocketAddress to, String serverName, String link, Map<String, String> headers,
                                Deadline deadline) throws IOException {
        try (Connection c = openTls(to, serverName, deadline)) {
            return HttpProbe.get(c, link, headers, deadline, dialer.limits().read());
        }
    }

    /** A TLS connection whose certificate passed every check for {@code serverName}. */
    private Connection openTls(InetSocketAddress to, String serverName, Deadline deadline) throws StepException {
        Handshake h = tls.handshake(to, serverName, deadline);
        Optional<String> problem = CertificateVerdict.problem(h, serverName, tls.trust().anchors(), clock.instant());
        if (problem.isPresent() || h.connection().isEmpty()) {
            h.connection().ifPresent(Connection::close);
            throw new StepException("TLS to " + serverName + " at " + Addresses.text(to) + " fails: "
                    + problem.orElse("no connection"));
        }
        return h.connection().get();
    }

    private HttpAnswer fetchPlain(InetSocketAddress to, String link, Map<String, String> headers, Deadline deadline)
            throws IOException {
        try (Connection c = dialer.connect(to, deadline)) {
            return HttpProbe.get(c, link, headers, deadline, dialer.limits().read());
        }
    }

    private static Map<String, Object> evidence(String url, List<InetSocketAddress> targets, OriginAnswer origin) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("url", url);
        e.put("connectedTo", targets.size() == 1 ? Addresses.text(targets.get(0))
                : targets.stream().map(Addresses::text).toList());
        e.put("origin", origin.evidence());
        return e;
    }

    private static boolean isUpgrade(String location, String domain, String link) {
        try {
            URI u = new URI(location);
            return "https".equalsIgnoreCase(u.getScheme()) && domain.equalsIgnoreCase(u.getHost())
                    && (u.getPort() == -1 || u.getPort() == HTTPS_PORT) && link.equals(u.getRawPath()
                    + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery()));
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static Optional<String> hostOf(String location) {
        try {
            return Optional.ofNullable(new URI(location).getHost()).map(h -> h.toLowerCase(Locale.ROOT));
        } catch (URISyntaxException e) {
            return Optional.empty();
        }
    }

    private static CheckResult result(String name, CheckStatus status, String summary, Map<String, Object> evidence) {
        return new CheckResult(name, status, summary, evidence);
    }
}
