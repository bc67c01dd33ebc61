package dev.linkproxy.samples;

import dev.linkproxy.core.LinkProxyException;
import dev.linkproxy.cutover.Cutover;
import dev.linkproxy.verifier.ConnectTo;
import dev.linkproxy.verifier.Verifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** How the cutover's gate and proof verify: resolvers, authoritative servers, trust, pins and allowed ranges. */
final class ProofOptions {

    @Option(names = "--authoritative", paramLabel = "HOST[:PORT]",
            description = "Authoritative servers to ask (default: the zone's NS, as the provider lists them).")
    List<String> authoritative = new ArrayList<>();

    @Option(names = "--resolver", paramLabel = "HOST[:PORT]", description = "Resolvers for the gate (repeatable).")
    List<String> resolvers = new ArrayList<>();

    @Option(names = "--ca-file", paramLabel = "PEM", description = "Trust these CAs instead of the JDK's.")
    List<Path> caFiles = new ArrayList<>();

    @Option(names = "--connect-to", paramLabel = "HOST=TARGET", converter = VerifyConverters.Pin.class,
            description = "Connect to TARGET whenever HOST is asked for (repeatable), as verify does.")
    List<ConnectTo> connectTo = new ArrayList<>();

    @Option(names = "--allow-addresses", paramLabel = "CIDR[,CIDR...]", split = ",",
            description = "Private ranges the verification may reach (refused by default).")
    List<String> allowAddresses = new ArrayList<>();

    /** The gate (through {@code --resolver}), the proof (through the authoritative servers) and their servers. */
    Cutover.Builder configure(Cutover.Builder b, String command) {
        b.gate(verifier(resolvers, command)).proof(through -> verifier(through, command));
        if (!authoritative.isEmpty()) {
            b.authoritativeServers(authoritative);
        }
        return b;
    }

    /** The resolvers a CA would see: {@code --resolver}, else the authoritative servers given. */
    List<String> lookupServers() {
        return !resolvers.isEmpty() ? resolvers : authoritative;
    }

    Verifier verifier(List<String> through, String command) {
        try {
            Verifier.Builder b = VerifierTls.verifierBuilder().allowAddresses(allowAddresses.toArray(String[]::new));
            through.forEach(b::resolvers);
            caFiles.forEach(b::trustPem);
            connectTo.forEach(b::connectTo);
            return b.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new LinkProxyException(command + ": " + e.getMessage());
        }
    }
}
