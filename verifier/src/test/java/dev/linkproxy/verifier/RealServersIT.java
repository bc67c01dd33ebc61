package dev.linkproxy.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.verifier.support.RealServers;
import dev.linkproxy.verifier.support.TestCa;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through real servers: Knot DNS serves the zone, nginx plays both the CDN edge (TLS with certificates from
 * a test CA, proxying to the origin) and the ESP origin (302 for a known link domain). Each link domain is a set-up,
 * good or broken in one way.
 */
class RealServersIT {

    private static final String ZONE = "e2e.test";
    private static final String ORIGIN = "origin." + ZONE;
    private static final String EDGE = "edge.cdn." + ZONE;
    private static final String LINK = "/wf/click?upn=e2e-42";

    @TempDir
    static Path dir;

    private static RealServers servers;
    private static Verifier verifier;

    @BeforeAll
    static void start() throws Exception {
        Path knotd = RealServers.binary("knotd");
        servers = new RealServers(dir);
        TestCa ca = TestCa.create("E2E");
        Path trust = ca.writeRootPem(dir.resolve("ca.pem"));
        int dnsPort = RealServers.freePort();
        int originPort = RealServers.freePort();
        int httpsPort = RealServers.freePort();
        int httpPort = RealServers.freePort();

        servers.write("e2e.test.zone", zone());
        servers.write("knot.conf", knotConf(dnsPort));
        Files.createDirectories(dir.resolve("db"));
        servers.start("knotd", List.of(), List.of(dnsPort), knotd.toString(), "-c", dir.resolve("knot.conf").toString());

        Instant now = Instant.now();
        ca.leaf(ORIGIN).writePem(dir.resolve("origin.crt"), dir.resolve("origin.key"));
        for (String site : List.of("good", "stale", "rewrite", "forbidden", "noquery", "pre")) {
            ca.leaf(site + "." + ZONE).writePem(dir.resolve(site + ".crt"), dir.resolve(site + ".key"));
        }
        ca.leaf(now.minus(Duration.ofDays(30)), now.minus(Duration.ofDays(1)), "expired." + ZONE)
                .writePem(dir.resolve("expired.crt"), dir.resolve("expired.key"));
        ca.leaf("nochain." + ZONE).withoutIntermediate().writePem(dir.resolve("nochain.crt"), dir.resolve("nochain.key"));
        servers.startNginx(nginxConf(originPort, httpsPort, httpPort), List.of(originPort, httpsPort, httpPort));

        verifier = TestTls.on(Verifier.builder()).allowAddresses("127.0.0.0/8", "::1/128").resolvers("127.0.0.1:" + dnsPort).trustPem(trust)
                // The origin publishes its own address (dns-cutover compares it); it is reached on loopback.
                .connectTo(ORIGIN + ":443:127.0.0.1:" + originPort)
                .connectTo(":443::" + httpsPort)
                .connectTo(":80::" + httpPort)
                .connectTimeout(Duration.ofSeconds(2)).handshakeTimeout(Duration.ofSeconds(3))
                .readTimeout(Duration.ofSeconds(3)).dnsTimeout(Duration.ofSeconds(1)).totalTimeout(Duration.ofSeconds(15))
                .build();
    }

    @AfterAll
    static void stop() {
        if (servers != null) {
            servers.close();
        }
    }

    private static VerificationReport verify(String site) {
        return verifier.verify(VerificationRequest.builder(site + "." + ZONE).originHost(ORIGIN).trackedLink(LINK).build());
    }

    private static CheckResult assertCheck(VerificationReport r, String name, CheckStatus status, String words) {
        return VerifierTestBase.assertCheck(r, name, status, words);
    }

    @Test
    void aGoodSetUpIsReady() {
        VerificationReport r = verify("good");
        assertCheck(r, CheckResult.DNS_CUTOVER, CheckStatus.PASS, "good.e2e.test → " + EDGE);
        CheckResult tls = assertCheck(r, CheckResult.TLS, CheckStatus.PASS, "on 2 address(es)");
        assertEquals(2, VerifierTestBase.handshakes(tls).size());
        assertCheck(r, CheckResult.HTTPS_LINK, CheckStatus.PASS,
                "302 → https://dest.test/landing?via=good.e2e.test&upn=e2e-42, as the origin does");
        assertCheck(r, CheckResult.HTTP_LINK, CheckStatus.PASS, "as the origin does");
        assertTrue(r.ready(), r.toJson().toPrettyString());
    }

    @Test
    void stillOnTheOriginFails() {
        VerificationReport r = verify("stale");
        assertCheck(r, CheckResult.DNS_CUTOVER, CheckStatus.FAIL, "still points at the origin: stale.e2e.test → " + ORIGIN);
        assertFalse(r.ready());
    }

    @Test
    void nxdomainAndDanglingFail() {
        assertCheck(verify("missing"), CheckResult.DNS_CUTOVER, CheckStatus.FAIL, "NXDOMAIN");
        assertCheck(verify("dangling"), CheckResult.DNS_CUTOVER, CheckStatus.FAIL, "dangles");
    }

    @Test
    void anExpiredCertificateFails() {
        VerificationReport r = verify("expired");
        assertCheck(r, CheckResult.TLS, CheckStatus.FAIL, "the certificate expired on");
        assertCheck(r, CheckResult.HTTPS_LINK, CheckStatus.FAIL, "expired");
        assertFalse(r.ready());
    }

    @Test
    void aMissingIntermediateFails() {
        VerificationReport r = verify("nochain");
        assertCheck(r, CheckResult.TLS, CheckStatus.FAIL, "missing intermediate");
    }

    @Test
    void aRewrittenHostFails() {
        VerificationReport r = verify("rewrite");
        assertCheck(r, CheckResult.HTTPS_LINK, CheckStatus.FAIL, "answered 302 → https://" + ORIGIN + "/ but the origin answers 302");
        assertCheck(r, CheckResult.HTTP_LINK, CheckStatus.FAIL, "but the origin answers 302");
    }

    @Test
    void aForbiddingEdgeFails() {
        VerificationReport r = verify("forbidden");
        assertCheck(r, CheckResult.HTTPS_LINK, CheckStatus.FAIL, "answered 403 (a client error)");
    }

    @Test
    void aDroppedQueryStringFails() {
        VerificationReport r = verify("noquery");
        assertCheck(r, CheckResult.HTTPS_LINK, CheckStatus.FAIL, "answered 404");
    }

    @Test
    void preCutoverAgainstTheEdgeWhileDnsStillPointsAtTheOrigin() {
        VerificationReport r = verifier.verify(VerificationRequest.builder("pre." + ZONE).originHost(ORIGIN)
                .trackedLink(LINK).preCutover(EDGE).build());
        assertCheck(r, CheckResult.DNS_CUTOVER, CheckStatus.SKIPPED, "points at the origin");
        assertCheck(r, CheckResult.TLS, CheckStatus.PASS, "valid certificate for pre.e2e.test");
        assertCheck(r, CheckResult.HTTPS_LINK, CheckStatus.PASS, "as the origin does");
        assertTrue(r.ready(), r.toJson().toPrettyString());
    }

    private static String zone() {
        StringBuilder z = new StringBuilder("$ORIGIN e2e.test.\n$TTL 60\n@ SOA ns admin 1 3600 600 86400 60\n@ NS ns\n"
                + "ns A 127.0.0.1\norigin A 192.0.2.10\nedge.cdn A 127.0.0.1\nedge.cdn AAAA ::1\n"
                + "stale CNAME origin\npre CNAME origin\ndangling CNAME gone.cdn\n");
        for (String site : List.of("good", "expired", "nochain", "rewrite", "forbidden", "noquery")) {
            z.append(site).append(" CNAME edge.cdn\n");
        }
        return z.toString();
    }

    private static String knotConf(int port) {
        return "server:\n    rundir: \"" + dir + "\"\n    listen: 127.0.0.1@" + port + "\n"
                + "control:\n    listen: \"" + dir.resolve("knot.sock") + "\"\n"
                + "database:\n    storage: \"" + dir.resolve("db") + "\"\n"
                + "log:\n  - target: stderr\n    any: info\n"
                + "zone:\n  - domain: e2e.test\n    storage: \"" + dir + "\"\n    file: \"e2e.test.zone\"\n";
    }

    private static String nginxConf(int originPort, int httpsPort, int httpPort) {
        StringBuilder c = new StringBuilder(servers.nginxHead());
        // The origin: a 302 for a link domain it knows, its home page for one it does not, 404 without the token.
        c.append("  map $host $known { default 0; ~^(good|expired|nochain|rewrite|forbidden|noquery|pre|stale)\\.e2e\\.test$ 1; }\n")
                .append("  server {\n    listen 127.0.0.1:").append(originPort).append(" ssl;\n")
                .append("    server_name ").append(ORIGIN).append(";\n")
                .append(certs("origin"))
                .append("    location /wf/click {\n      if ($known = 0) { return 302 https://").append(ORIGIN).append("/; }\n")
                .append("      if ($arg_upn = \"\") { return 404; }\n")
                .append("      return 302 https://dest.test/landing?via=$host&$args;\n    }\n")
                .append("    location / { return 404; }\n  }\n");
        String proxy = "proxy_pass https://127.0.0.1:" + originPort + ";\n"
                + "      proxy_ssl_server_name on;\n      proxy_ssl_name " + ORIGIN + ";\n";
        for (String site : List.of("good", "pre", "expired", "nochain")) {
            edge(c, site, httpsPort, httpPort, proxy + "      proxy_set_header Host $host;\n");
        }
        edge(c, "rewrite", httpsPort, httpPort, proxy + "      proxy_set_header Host " + ORIGIN + ";\n");
        edge(c, "forbidden", httpsPort, httpPort, "return 403;\n");
        // $uri is the path alone: the query string is lost on the way, as with a CDN that forwards none.
        edge(c, "noquery", httpsPort, httpPort, proxy.replace(originPort + ";", originPort + "$uri;")
                + "      proxy_set_header Host $host;\n");
        return c.append("}\n").toString();
    }

    private static void edge(StringBuilder c, String site, int httpsPort, int httpPort, String location) {
        c.append("  server {\n")
                .append("    listen 127.0.0.1:").append(httpsPort).append(" ssl;\n")
                .append("    listen [::1]:").append(httpsPort).append(" ssl;\n")
                .append("    listen 127.0.0.1:").append(httpPort).append(";\n")
                .append("    listen [::1]:").append(httpPort).append(";\n")
                .append("    server_name ").append(site).append('.').append(ZONE).append(";\n")
                .append(certs(site))
                .append("    location / {\n      ").append(location).append("    }\n  }\n");
    }

    private static String certs(String name) {
        return "    ssl_certificate " + dir.resolve(name + ".crt") + ";\n"
                + "    ssl_certificate_key " + dir.resolve(name + ".key") + ";\n"
                + "    ssl_protocols TLSv1.2 TLSv1.3;\n";
    }
}
