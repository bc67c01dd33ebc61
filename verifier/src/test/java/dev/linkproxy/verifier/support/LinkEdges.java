package dev.linkproxy.verifier.support;

import java.nio.file.Path;
import java.util.List;

/**
 * An ESP origin and three CDN edges as real nginx servers on loopback, each answering a tracked link with the same
 * redirect (as a CDN passing requests through does): the origin with a certificate for its name, a good edge with
 * one for {@code *.<zone>}, a wrong edge with one for another name, and a plain-HTTP edge. Certificates come from a
 * test CA whose root is {@link #caFile()}. For the cutover's and onboarding's end-to-end tests.
 *
 * @param originPort HTTPS port of the origin
 * @param goodEdge   HTTPS port of the edge with the right certificate
 * @param wrongEdge  HTTPS port of the edge with a certificate for someone else
 * @param plainEdge  HTTP port of the edges
 * @param caFile     the test CA's root, PEM
 */
public record LinkEdges(int originPort, int goodEdge, int wrongEdge, int plainEdge, Path caFile) {

    /** Starts them with {@code servers} (which stops them), certificates written under its folder. */
    public static LinkEdges start(RealServers servers, String zone, String originHost) {
        Path dir = servers.dir();
        TestCa ca = TestCa.create("linkproxy edges " + zone);
        Path root = ca.writeRootPem(dir.resolve("edges-ca.pem"));
        ca.leaf(originHost).writePem(dir.resolve("origin.crt"), dir.resolve("origin.key"));
        ca.leaf("*." + zone).writePem(dir.resolve("edge.crt"), dir.resolve("edge.key"));
        ca.leaf("someone-else.example.net").writePem(dir.resolve("wrong.crt"), dir.resolve("wrong.key"));
        LinkEdges e = new LinkEdges(RealServers.freePort(), RealServers.freePort(), RealServers.freePort(),
                RealServers.freePort(), root);
        StringBuilder conf = new StringBuilder(servers.nginxHead());
        server(conf, dir, e.originPort, "origin");
        server(conf, dir, e.goodEdge, "edge");
        server(conf, dir, e.wrongEdge, "wrong");
        server(conf, dir, e.plainEdge, null);
        servers.startNginx(conf.append("}\n").toString(), List.of(e.originPort, e.goodEdge, e.wrongEdge, e.plainEdge));
        return e;
    }

    private static void server(StringBuilder conf, Path dir, int port, String certificate) {
        conf.append("  server {\n    listen 127.0.0.1:").append(port).append(certificate == null ? "" : " ssl").append(";\n");
        if (certificate != null) {
            conf.append("    ssl_certificate ").append(dir.resolve(certificate + ".crt")).append(";\n")
                    .append("    ssl_certificate_key ").append(dir.resolve(certificate + ".key")).append(";\n");
        }
        conf.append("    location /wf/click { return 302 https://dest.test/landing?via=$host&$args; }\n")
                .append("    location / { return 404; }\n  }\n");
    }
}
