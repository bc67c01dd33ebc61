package dev.linkproxy.verifier.support;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * An authoritative DNS responder on 127.0.0.1 (UDP and TCP on one ephemeral port) built on dnsjava's message classes.
 * It answers only what a test put in; a CNAME is answered on its own, so the verifier must follow each hop.
 */
public final class TestDns implements AutoCloseable {

    private final Map<Name, List<Record>> records = new ConcurrentHashMap<>();
    private final Set<Name> servfail = ConcurrentHashMap.newKeySet();
    private final Set<Name> silent = ConcurrentHashMap.newKeySet();
    private final Set<Name> truncated = ConcurrentHashMap.newKeySet();
    private final Map<Name, Hostile> hostile = new ConcurrentHashMap<>();
    private final AtomicInteger tcpQueries = new AtomicInteger();
    private final DatagramSocket udp;
    private final ServerSocket tcp;

    private TestDns(DatagramSocket udp, ServerSocket tcp) {
        this.udp = udp;
        this.tcp = tcp;
        daemon(this::serveUdp, "test-dns-udp");
        daemon(this::serveTcp, "test-dns-tcp");
    }

    public static TestDns start() {
        for (int attempt = 0; attempt < 20; attempt++) {
            try {
                DatagramSocket udp = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
                try {
                    ServerSocket tcp = new ServerSocket();
                    tcp.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), udp.getLocalPort()));
                    return new TestDns(udp, tcp);
                } catch (IOException taken) {
                    udp.close();
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("no free port for UDP and TCP");
    }

    /** {@code host:port}, as the verifier takes resolvers. */
    public String address() {
        return "127.0.0.1:" + udp.getLocalPort();
    }

    public int tcpQueries() {
        return tcpQueries.get();
    }

    public TestDns cname(String name, String target) {
        return add(new CNAMERecord(name(name), DClass.IN, 60, name(target)));
    }

    public TestDns a(String name, String address) {
        return add(new ARecord(name(name), DClass.IN, 60, inet(address)));
    }

    public TestDns aaaa(String name, String address) {
        return add(new AAAARecord(name(name), DClass.IN, 60, inet(address)));
    }

    public TestDns txt(String name, String text) {
        return add(new TXTRecord(name(name), DClass.IN, 60, text));
    }

    public TestDns caa(String name, int flags, String tag, String value) {
        return add(new org.xbill.DNS.CAARecord(name(name), DClass.IN, 60, flags, tag, value));
    }

    /** Answers SERVFAIL for {@code name}. */
    public TestDns servfail(String name) {
        servfail.add(name(name));
        return this;
    }

    /** Never answers for {@code name}. */
    public TestDns silent(String name) {
        silent.add(name(name));
        return this;
    }

    /** Answers {@code name} over UDP with the TC bit and nothing else, so only TCP gets the records. */
    public TestDns truncated(String name) {
        truncated.add(name(name));
        return this;
    }

    /** Returned by a {@link Hostile} over TCP: close the connection without a byte of answer. */
    public static final byte[] HANG_UP = new byte[0];

    /**
     * What a hostile responder sends for one query: the raw wire bytes (over TCP, the length prefix is added), null
     * to stay silent (over TCP: holding the connection open until the client leaves), or {@link #HANG_UP}. The bytes
     * need not be a valid message.
     */
    @FunctionalInterface
    public interface Hostile {
        byte[] answer(Message query, boolean overTcp);
    }

    /** Answers every query for {@code name} with whatever {@code h} makes, bypassing the records. */
    public TestDns hostile(String name, Hostile h) {
        hostile.put(name(name), h);
        return this;
    }

    /** An empty, authoritative, NOERROR reply to {@code query} with its question, to fill in. */
    public static Message replyTo(Message query) {
        Message reply = new Message(query.getHeader().getID());
        reply.getHeader().setFlag(Flags.QR);
        reply.getHeader().setFlag(Flags.AA);
        reply.addRecord(query.getQuestion(), Section.QUESTION);
        return reply;
    }

    @Override
    public void close() {
        udp.close();
        try {
            tcp.close();
        } catch (IOException ignored) {
            // The test is over.
        }
    }

    private TestDns add(Record r) {
        records.computeIfAbsent(r.getName(), k -> new CopyOnWriteArrayList<>()).add(r);
        return this;
    }

    private byte[] wire(Message query, boolean overTcp) {
        Hostile h = hostile.get(query.getQuestion().getName());
        if (h != null) {
            return h.answer(query, overTcp);
        }
        Message reply = answer(query, overTcp);
        return reply == null ? null : reply.toWire();
    }

    private Message answer(Message query, boolean overTcp) {
        Record q = query.getQuestion();
        Name qname = q.getName();
        if (silent.contains(qname)) {
            return null;
        }
        Message reply = new Message(query.getHeader().getID());
        reply.getHeader().setFlag(Flags.QR);
        reply.getHeader().setFlag(Flags.AA);
        reply.addRecord(q, Section.QUESTION);
        if (servfail.contains(qname)) {
            reply.getHeader().setRcode(Rcode.SERVFAIL);
            return reply;
        }
        if (truncated.contains(qname) && !overTcp) {
            reply.getHeader().setFlag(Flags.TC);
            return reply;
        }
        List<Record> found = records.get(qname);
        if (found == null) {
            reply.getHeader().setRcode(Rcode.NXDOMAIN);
            return reply;
        }
        List<Record> cnames = found.stream().filter(r -> r.getType() == Type.CNAME).toList();
        List<Record> answers = cnames.isEmpty() ? found.stream().filter(r -> r.getType() == q.getType()).toList() : cnames;
        answers.forEach(r -> reply.addRecord(r, Section.ANSWER));
        return reply;
    }

    private void serveUdp() {
        byte[] buf = new byte[4096];
        while (!udp.isClosed()) {
            try {
                DatagramPacket in = new DatagramPacket(buf, buf.length);
                udp.receive(in);
                byte[] out = wire(new Message(java.util.Arrays.copyOf(in.getData(), in.getLength())), false);
                if (out != null) {
                    udp.send(new DatagramPacket(out, out.length, in.getSocketAddress()));
                }
            } catch (IOException e) {
                // A closed socket ends the loop; a malformed query is dropped.
            }
        }
    }

    private void serveTcp() {
        while (!tcp.isClosed()) {
            try {
                Socket s = tcp.accept();
                daemon(() -> serveTcp(s), "test-dns-tcp-conn");
            } catch (IOException e) {
                // Closed: the loop ends.
            }
        }
    }

    private void serveTcp(Socket s) {
        try (s; DataInputStream in = new DataInputStream(s.getInputStream());
             DataOutputStream out = new DataOutputStream(s.getOutputStream())) {
            byte[] query = new byte[in.readUnsignedShort()];
            in.readFully(query);
            tcpQueries.incrementAndGet();
            byte[] wire = wire(new Message(query), true);
            if (wire == null) {
                while (in.read() >= 0) {
                    // Silent: hold the connection until the client gives up.
                }
            } else if (wire != HANG_UP) {
                out.writeShort(wire.length);
                out.write(wire);
                out.flush();
            }
        } catch (IOException e) {
            // The client went away.
        }
    }

    /** An absolute DNS name; test input, so a parse error is a bug in the test. */
    public static Name name(String text) {
        try {
            return Name.fromString(text, Name.root);
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** An address from its literal. */
    public static InetAddress inet(String literal) {
        try {
            return InetAddress.getByName(literal);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static void daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }
}
