package dev.linkproxy.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cutover}'s bad input exits 2 before any DNS or API call: every DNS setting points at a port where nothing
 * listens (127.0.0.1:9), so a call would fail differently.
 */
class CutoverCommandTest {

    private static final String SECRET = "c2VjcmV0LXNlY3JldC1zZWNyZXQtc2VjcmV0LTAxMjM0NTY3";

    @TempDir
    Path dir;

    private static CliRun cutover(Map<String, String> env, String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("cutover"));
        all.addAll(List.of(args));
        return CliRun.run(env, false, List.of(), all.toArray(String[]::new));
    }

    @Test
    void anUnknownProviderNamesTheInstalledOnes() {
        CliRun run = cutover(Map.of(), "--dns", "bind9", "--domain", "ablink.example.com", "--cdn-target", "x.example.net",
                "--yes");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("no DNS provider \"bind9\"") && run.err().contains("rfc2136"), run.err());
    }

    @Test
    void aMissingSettingNamesItsVariable() {
        CliRun run = cutover(Map.of(), "--dns", "rfc2136", "--dns-setting", "server=127.0.0.1:9",
                "--domain", "ablink.example.com", "--cdn-target", "x.example.net", "--yes");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("LINKPROXY_TSIG_KEY_NAME"), run.err());
    }

    @Test
    void aSecretOnTheCommandLineIsRefusedAndNotEchoed() {
        CliRun run = cutover(Map.of(), "--dns", "rfc2136", "--dns-setting", "secret=" + SECRET,
                "--domain", "ablink.example.com", "--cdn-target", "x.example.net", "--yes");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("LINKPROXY_TSIG_SECRET"), run.err());
        assertFalse(run.err().contains(SECRET) || run.out().contains(SECRET));
    }

    @Test
    void aBadJournalIsRefusedNamingTheLine() throws Exception {
        Path bad = Files.writeString(dir.resolve("j.jsonl"), "not json\n");
        CliRun run = cutover(Map.of("LINKPROXY_RFC2136_SERVER", "127.0.0.1:9", "LINKPROXY_TSIG_KEY_NAME", "k",
                "LINKPROXY_TSIG_SECRET", SECRET), "--dns", "rfc2136", "--rollback", bad.toString(), "--yes");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("line 1"), run.err());
    }

    @Test
    void offATerminalWithoutYesNothingIsChanged() {
        CliRun run = cutover(Map.of("LINKPROXY_RFC2136_SERVER", "127.0.0.1:9", "LINKPROXY_TSIG_KEY_NAME", "k",
                "LINKPROXY_TSIG_SECRET", SECRET), "--dns", "rfc2136", "--domain", "ablink.example.com",
                "--cdn-target", "x.example.net");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("add --yes"), run.err());
    }

    @Test
    void withoutDomainsItSaysWhatToGive() {
        CliRun run = cutover(Map.of(), "--dns", "memory", "--yes");
        assertEquals(2, run.exitCode(), run.err());
        assertTrue(run.err().contains("give --domain (one or more), or --rollback JOURNAL"), run.err());
    }
}
