package dev.linkproxy.verifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Sends connections for one host and port somewhere else, as curl's {@code --connect-to HOST1:PORT1:HOST2:PORT2}: TLS SNI,
 * certificate matching and the {@code Host} header still use the original name. An empty part matches any host or port
 * ({@code HOST1}, {@code PORT1}) or keeps the original ({@code HOST2}, {@code PORT2}).
 *
 * @param host       the host this applies to; empty for any host
 * @param port       the port this applies to; 0 for any port
 * @param targetHost the host name or address literal to connect to instead; empty keeps the host (and its resolved addresses)
 * @param targetPort the port to connect to instead; 0 keeps the port
 */
public record ConnectTo(Optional<String> host, int port, Optional<String> targetHost, int targetPort) {

    public ConnectTo {
        host = host.map(h -> h.toLowerCase(Locale.ROOT)).filter(h -> !h.isEmpty());
        targetHost = targetHost.filter(h -> !h.isEmpty());
        checkPort(port);
        checkPort(targetPort);
    }

    /**
     * Parses curl's syntax {@code HOST1:PORT1:HOST2:PORT2}; IPv6 literals go in brackets ({@code a.example:443:[::1]:8443}).
     *
     * @throws IllegalArgumentException when {@code spec} has not four parts or a port is not a number in 1..65535
     */
    public static ConnectTo parse(String spec) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean bracket = false;
        for (char c : spec.trim().toCharArray()) {
            if (c == '[' && part.length() == 0) {
                bracket = true;
            } else if (c == ']' && bracket) {
                bracket = false;
            } else if (c == ':' && !bracket) {
                parts.add(part.toString());
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        parts.add(part.toString());
        if (bracket || parts.size() != 4) {
            throw new IllegalArgumentException("\"" + spec + "\" is not HOST1:PORT1:HOST2:PORT2");
        }
        return new ConnectTo(Optional.of(parts.get(0)), port(parts.get(1), spec), Optional.of(parts.get(2)),
                port(parts.get(3), spec));
    }

    /** Connections to {@code host} on {@code port} go to {@code targetHost} on {@code targetPort}. */
    public static ConnectTo of(String host, int port, String targetHost, int targetPort) {
        return new ConnectTo(Optional.of(host), port, Optional.of(targetHost), targetPort);
    }

    /** True when this mapping applies to {@code host} (normalised) on {@code port}. */
    public boolean matches(String host, int port) {
        return this.host.map(h -> h.equals(host)).orElse(true) && (this.port == 0 || this.port == port);
    }

    @Override
    public String toString() {
        return host.orElse("") + ":" + (port == 0 ? "" : port) + ":" + targetHost.map(h -> h.contains(":") ? "[" + h + "]" : h).orElse("")
                + ":" + (targetPort == 0 ? "" : targetPort);
    }

    private static int port(String text, String spec) {
        if (text.isEmpty()) {
            return 0;
        }
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("\"" + spec + "\": \"" + text + "\" is not a port", e);
        }
    }

    private static void checkPort(int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port + " is out of range");
        }
    }
}
