package dev.linkproxy.verifier;

import java.security.Provider;
import java.util.Optional;
import org.conscrypt.Conscrypt;

/**
 * The TLS provider the suite runs with: the JDK's, or Conscrypt's when the build asks for it ({@code
 * -Dlinkproxy.test.tls=conscrypt}, the verifier's second test execution), so that every check is tested on both.
 */
final class TestTls {

    private static final Optional<Provider> PROVIDER = chosen();

    private TestTls() {
    }

    static Optional<Provider> provider() {
        return PROVIDER;
    }

    /** {@code b} with the suite's provider. */
    static Verifier.Builder on(Verifier.Builder b) {
        PROVIDER.ifPresent(b::tlsProvider);
        return b;
    }

    private static Optional<Provider> chosen() {
        String name = System.getProperty("linkproxy.test.tls", "jdk");
        switch (name) {
            case "jdk":
                return Optional.empty();
            case "conscrypt":
                Conscrypt.checkAvailability(); // its native library must load: the run fails, never falls back
                return Optional.of(Conscrypt.newProvider());
            default:
                throw new IllegalStateException("linkproxy.test.tls is jdk or conscrypt, not " + name);
        }
    }
}
