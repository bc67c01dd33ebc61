package dev.linkproxy.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The host-name rule on its own, for the cases a spec's messages do not reach. */
class HostNamesTest {

    @Test
    void aNonAsciiCharacterIdnaProhibitsIsNotBlamedAsAnAsciiOne() {
        // U+0080 is a control character: not ASCII, so the message must not say "contains".
        HostNames.Checked checked = HostNames.check("a\u0080b.example.com");
        assertFalse(checked.ok());
        assertNull(checked.name());
        assertEquals("\"a\u0080b.example.com\" is not a valid internationalised name", checked.problem());
    }

    @Test
    void aValidNameComesBackAsLowerCaseALabels() {
        HostNames.Checked checked = HostNames.check(" Klick.Bücher.Example. ");
        assertTrue(checked.ok());
        assertEquals("klick.xn--bcher-kva.example", checked.name());
    }

    @Test
    void aNameIsAtOrUnderItselfAndItsParentsOnly() {
        assertTrue(HostNames.isAtOrUnder("example.com", "example.com"));
        assertTrue(HostNames.isAtOrUnder("a.example.com", "example.com"));
        assertFalse(HostNames.isAtOrUnder("badexample.com", "example.com"));
    }
}
