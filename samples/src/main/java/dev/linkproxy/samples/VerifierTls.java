package dev.linkproxy.samples;

import dev.linkproxy.verifier.Verifier;
import java.security.Provider;
import java.util.Optional;
import org.conscrypt.Conscrypt;

/**
 * The TLS the CLIs' verifier makes its handshakes with: Conscrypt's (BoringSSL through JNI; about a fifth less CPU
 * per domain in a cold bulk run, verifier/bench/run.sh) when its native library loads on this machine, the JDK's
 * otherwise, or when {@code -Dlinkproxy.tls=jdk} is given (through {@code LINKPROXY_JAVA_OPTS}). The chain is judged
 * by the JDK's trust manager either way.
 */
final class VerifierTls {

    private VerifierTls() {
    }

    /** A verifier builder with the chosen TLS. */
    static Verifier.Builder verifierBuilder() {
        Verifier.Builder b = Verifier.builder();
        provider(System.getProperty("linkproxy.tls")).ifPresent(b::tlsProvider);
        return b;
    }

    /**
     * Conscrypt's provider unless {@code setting} is "jdk" or its native library does not load. Conscrypt's connections
     * then take their direct buffers from a pool (this process is a CLI, so setting Conscrypt's default is ours to do).
     */
    static Optional<Provider> provider(String setting) {
        if ("jdk".equals(setting) || !Conscrypt.isAvailable()) {
            return Optional.empty();
        }
        Conscrypt.setDefaultBufferAllocator(BUFFERS);
        return Optional.of(Conscrypt.newProvider());
    }

    /** A bound, not a size: the pool never holds more idle buffers than were ever in use at once. */
    private static final DirectBufferPool BUFFERS = new DirectBufferPool(2 * 1024);
}
