package dev.linkproxy.samples;

import dev.linkproxy.verifier.support.StandInOrigin;
import dev.linkproxy.verifier.support.TestCa;
import dev.linkproxy.verifier.support.TestDns;
import dev.linkproxy.verifier.support.TestServer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * An ESP origin and a CDN edge on loopback, with the verifier's test support: a DNS responder, a stand-in origin
 * with a certificate for its name, and the edge's HTTPS and HTTP listeners, which pass every request to the origin's
 * logic unchanged (a correct CDN). Certificates come from a test CA the CLI trusts with {@code --ca-file}.
 * {@link #args()} gives the flags that point {@code verify} at all of it; nothing leaves loopback.
 */
final class LoopbackCdn implements AutoCloseable {

    static final String ORIGIN = "sendgrid.test";
    static final String LINK = "/wf/click?upn=abc123";
    /** The origin's address: loopback, but not where the edge listens, so a domain still at the origin gets nothing. */
    static final String ORIGIN_ADDRESS = "127.0.0.2";

    final TestDns dns = TestDns.start();
    final TestServer origin;
    final TestServer https;
    final TestServer http;
    private final Path caFile;
    private final List<String> pins = new ArrayList<>();

    /** An edge with a certificate for {@code domains}, in front of an origin that knows them. */
    LoopbackCdn(TestCa ca, Path caFile, String... domains) {
        this.caFile = caFile;
        StandInOrigin logic = new StandInOrigin(ORIGIN, Set.of(domains), false);
        origin = TestServer.https(ca.leaf(ORIGIN).serverContext(), false, logic);
        https = TestServer.https(ca.leaf(domains).serverContext(), false, logic.behind(r -> r));
        http = TestServer.http(false, logic.behind(r -> r));
        dns.a(ORIGIN, ORIGIN_ADDRESS);
    }

    /** DNS after cutover: {@code domain} → {@code edge} → 127.0.0.1. */
    LoopbackCdn cutOver(String domain, String edge) {
        dns.cname(domain, edge).a(edge, "127.0.0.1");
        return this;
    }

    /** DNS before cutover: {@code domain} → the origin. */
    LoopbackCdn atOrigin(String domain) {
        dns.cname(domain, ORIGIN);
        return this;
    }

    /**
     * {@code domain} resolves to {@code address} (no CNAME), but its connections go to the edge on 127.0.0.1: how a
     * test stands in for a CDN whose addresses are not loopback (Cloudflare's ranges) without ever reaching them.
     */
    LoopbackCdn resolvesElsewhere(String domain, String address) {
        dns.a(domain, address);
        pins.add(domain + ":443:127.0.0.1:" + https.port());
        pins.add(domain + ":80:127.0.0.1:" + http.port());
        return this;
    }

    /** Resolver, trust, origin, link, and connections: the origin's 443 to the origin, any other 443/80 to the edge. */
    List<String> args() {
        List<String> args = new ArrayList<>(List.of("--resolver", dns.address(), "--ca-file", caFile.toString(),
                "--origin", ORIGIN, "--link", LINK, "--timeout", "10s", "--allow-addresses", "127.0.0.0/8,::1/128",
                "--connect-to", ORIGIN + ":443:127.0.0.1:" + origin.port()));
        // Specific pins first: the verifier takes the first rule that matches.
        pins.forEach(p -> args.addAll(List.of("--connect-to", p)));
        args.addAll(List.of("--connect-to", ":443::" + https.port(), "--connect-to", ":80::" + http.port()));
        return args;
    }

    /** {@code verify}, these flags, then {@code more}. */
    List<String> verify(String... more) {
        List<String> all = new ArrayList<>(List.of("verify"));
        all.addAll(args());
        all.addAll(List.of(more));
        return all;
    }

    /** The requests the edge and the origin saw: none means no network work was done. */
    int requestsSeen() {
        return origin.requests().size() + https.requests().size() + http.requests().size();
    }

    @Override
    public void close() {
        origin.close();
        https.close();
        http.close();
        dns.close();
    }
}
