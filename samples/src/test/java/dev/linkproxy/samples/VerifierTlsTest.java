package dev.linkproxy.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.conscrypt.Conscrypt;
import org.junit.jupiter.api.Test;

class VerifierTlsTest {

    @Test
    void conscryptWhereItsNativeLibraryLoadsAndTheJdksWhenAskedFor() {
        // Debian on x86-64 (CI and this project's machines): the library loads.
        assertTrue(Conscrypt.isAvailable(), "Conscrypt's native library should load here");
        assertEquals("Conscrypt", VerifierTls.provider(null).orElseThrow().getName());
        assertEquals("Conscrypt", VerifierTls.provider("").orElseThrow().getName());
        assertEquals(Optional.empty(), VerifierTls.provider("jdk"));
    }
}
