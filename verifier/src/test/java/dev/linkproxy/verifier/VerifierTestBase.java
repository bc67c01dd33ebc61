package dev.linkproxy.verifier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.verifier.support.TestCa;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** One test CA for the class, one fresh loopback scenario per test. */
abstract class VerifierTestBase {

    static TestCa ca;
    static Path trustPem;

    @TempDir
    static Path dir;

    Scenario scenario;

    @BeforeAll
    static void mintCa() {
        ca = TestCa.create("Linkproxy Test");
        trustPem = ca.writeRootPem(dir.resolve("ca.pem"));
    }

    @BeforeEach
    void newScenario() {
        scenario = new Scenario(ca, trustPem);
    }

    @AfterEach
    void closeScenario() {
        scenario.close();
    }

    static CheckResult check(VerificationReport report, String name) {
        return report.check(name).orElseThrow(() -> new AssertionError("no check " + name + " in " + report));
    }

    /** Asserts the check's status and that its summary says {@code words}; returns it for evidence assertions. */
    static CheckResult assertCheck(VerificationReport report, String name, CheckStatus status, String words) {
        CheckResult c = check(report, name);
        assertEquals(status, c.status(), name + ": " + c.summary() + "\n" + c.evidence());
        assertTrue(c.summary().contains(words), name + " summary \"" + c.summary() + "\" does not say \"" + words + "\"");
        return c;
    }

    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> handshakes(CheckResult tls) {
        return (List<Map<String, Object>>) tls.evidence().get("handshakes");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object o) {
        return (Map<String, Object>) o;
    }
}
