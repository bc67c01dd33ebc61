package dev.linkproxy.verifier;

import dev.linkproxy.verifier.support.StandInOrigin;
import dev.linkproxy.verifier.support.TestCa;
import dev.linkproxy.verifier.support.TestDns;
import dev.linkproxy.verifier.support.TestServer;
import dev.linkproxy.verifier.support.TestServer.Request;
import dev.linkproxy.verifier.support.TestServer.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * A link domain, its ESP origin and a CDN, all on loopback: a DNS responder, a stand-in origin with a certificate for
 * its name, and the CDN's HTTPS and HTTP listeners, each started only when a test asks for it.
 */
final class Scenario implements AutoCloseable {

    static final String DOMAIN = "ablink.news.customer.test";
    static final String ORIGIN = "sendgrid.test";
    static final String CDN = "d111.cdn.test";
    static final String LINK = "/wf/click?upn=abc123";
    static final String DESTINATION = "https://dest.test/landing?via=" + DOMAIN + "&upn=abc123";

    final TestCa ca;
    final Path trustPem;
    final TestDns dns = TestDns.start();
    final StandInOrigin originLogic = new StandInOrigin(ORIGIN, Set.of(DOMAIN), false);
    private final List<TestServer> servers = new ArrayList<>();
    private final List<String> connectTo = new ArrayList<>();
    Duration total = Duration.ofSeconds(10);
    /** Loopback DNS answers in microseconds; the slack is for a loaded CI machine, not for the network. */
    Duration dnsTimeout = Duration.ofMillis(1500);

    Scenario(TestCa ca, Path trustPem) {
        this.ca = ca;
        this.trustPem = trustPem;
    }

    /** DNS after cutover: the link domain → the CDN name → 127.0.0.1 and ::1; the origin at its own address. */
    Scenario cutOver() {
        dns.cname(DOMAIN, CDN).a(CDN, "127.0.0.1").aaaa(CDN, "::1").a(ORIGIN, "192.0.2.10");
        return this;
    }

    /** Starts the stand-in origin and routes the origin's port 443 to it. */
    Scenario origin() {
        TestServer origin = start(TestServer.https(ca.leaf(ORIGIN).serverContext(), false, originLogic));
        connectTo.add(ORIGIN + ":443:127.0.0.1:" + origin.port());
        return this;
    }

    /** The CDN's HTTPS edge with {@code leaf}, on both loopback addresses; the link domain's 443 goes to its port. */
    TestServer cdnHttps(TestCa.Leaf leaf, Function<Request, Response> behaviour) {
        TestServer s = start(TestServer.https(leaf.serverContext(), true, behaviour));
        connectTo.add(DOMAIN + ":443::" + s.port());
        return s;
    }

    TestServer cdnHttps(Function<Request, Response> behaviour) {
        return cdnHttps(ca.leaf(DOMAIN), behaviour);
    }

    /** The CDN's plain HTTP edge; the link domain's port 80 goes to its port. */
    TestServer cdnHttp(Function<Request, Response> behaviour) {
        TestServer s = start(TestServer.http(true, behaviour));
        connectTo.add(DOMAIN + ":80::" + s.port());
        return s;
    }

    /** A proxy that passes every request to the origin unchanged. */
    Function<Request, Response> proxy() {
        return originLogic.behind(r -> r);
    }

    /** Sends the link domain's {@code port} to {@code port2} on the resolved addresses. */
    Scenario route(String host, int port, String target) {
        connectTo.add(host + ":" + port + ":" + target);
        return this;
    }

    TestServer start(TestServer s) {
        servers.add(s);
        return s;
    }

    /** Whether the verifier may reach loopback, where every test server listens (the default refuses it). */
    boolean allowLoopback = true;

    Verifier.Builder verifierBuilder() {
        Verifier.Builder b = TestTls.on(Verifier.builder()).resolvers(dns.address()).trustPem(trustPem)
                .connectTimeout(Duration.ofSeconds(2)).handshakeTimeout(Duration.ofSeconds(2))
                .readTimeout(Duration.ofSeconds(2)).dnsTimeout(dnsTimeout).totalTimeout(total);
        connectTo.forEach(b::connectTo);
        if (allowLoopback) {
            b.allowAddresses("127.0.0.0/8", "::1/128");
        }
        return b;
    }

    VerificationReport verify() {
        return verifierBuilder().build().verify(request().build());
    }

    VerificationRequest.Builder request() {
        return VerificationRequest.builder(DOMAIN).originHost(ORIGIN).trackedLink(LINK);
    }

    @Override
    public void close() {
        servers.forEach(TestServer::close);
        dns.close();
    }
}
