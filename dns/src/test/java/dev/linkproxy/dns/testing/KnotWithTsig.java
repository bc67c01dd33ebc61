package dev.linkproxy.dns.testing;

import dev.linkproxy.core.spi.NameRecords;
import dev.linkproxy.core.spi.RecordSet;
import dev.linkproxy.verifier.support.RealServers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.Type;
import org.xbill.DNS.Update;

/**
 * A real Knot DNS server on loopback serving one zone that only one TSIG key (HMAC-SHA256) may update: the stand-in
 * for a customer's primary server in the {@code rfc2136} and cutover end-to-end tests.
 */
public final class KnotWithTsig {

    private KnotWithTsig() {
    }

    /** A random base64 secret of 32 bytes, as {@code keymgr -t} makes. */
    public static String secret() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return Base64.getEncoder().encodeToString(b);
    }

    /**
     * Starts knotd under {@code servers} with {@code zone} holding {@code records} (zone-file lines after the SOA),
     * updatable by {@code keyName}/{@code secret}; returns the port it answers on (UDP and TCP).
     */
    public static int start(RealServers servers, String zone, String records, String keyName, String secret) {
        Path dir = servers.dir();
        int port = RealServers.freePort();
        servers.write(zone + ".zone", "$ORIGIN " + zone + ".\n$TTL 300\n@ SOA ns1 admin 1 3600 600 86400 60\n" + records);
        servers.write("knot.conf", "server:\n    rundir: \"" + dir + "\"\n    listen: 127.0.0.1@" + port + "\n"
                + "control:\n    listen: \"" + dir.resolve("knot.sock") + "\"\n"
                + "database:\n    storage: \"" + dir.resolve("db") + "\"\n"
                + "log:\n  - target: stderr\n    any: info\n"
                + "key:\n  - id: " + keyName + "\n    algorithm: hmac-sha256\n    secret: " + secret + "\n"
                + "acl:\n  - id: updates\n    key: " + keyName + "\n    action: update\n"
                + "zone:\n  - domain: " + zone + "\n    storage: \"" + dir + "\"\n    file: \"" + zone + ".zone\"\n"
                + "    acl: updates\n");
        try {
            Files.createDirectories(dir.resolve("db"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        servers.start("knotd", List.of(), List.of(port), RealServers.binary("knotd").toString(), "-c",
                dir.resolve("knot.conf").toString());
        return port;
    }

    /**
     * Makes {@code records.name()} hold exactly {@code records} (none: delete) with an unconditional signed UPDATE:
     * what another tool or a person would send.
     */
    public static void put(int port, String zone, String keyName, String secret, NameRecords records) {
        try {
            Name owner = Name.fromString(records.name() + ".");
            Update u = new Update(Name.fromString(zone + "."));
            for (String type : NameRecords.CUTOVER_TYPES) {
                u.delete(owner, Type.value(type));
            }
            for (RecordSet s : records.sets()) {
                for (String v : s.values()) {
                    u.add(Record.fromString(owner, Type.value(s.type()), DClass.IN, s.ttl().toSeconds(),
                            s.type().equals("CNAME") ? v + "." : v, Name.root));
                }
            }
            SimpleResolver r = new SimpleResolver(new InetSocketAddress("127.0.0.1", port));
            r.setTCP(true);
            r.setTSIGKey(new TSIG(TSIG.HMAC_SHA256, Name.fromString(keyName + "."), secret));
            Message answer = r.send(u);
            if (answer.getRcode() != Rcode.NOERROR) {
                throw new AssertionError("the UPDATE was refused: " + answer);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
