package dev.linkproxy.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** samples/bin/linkproxy-* run the packaged CLIs from any working directory. */
class LauncherIT {

    private static final Path MODULE = Path.of(System.getProperty("user.dir")).toAbsolutePath();

    private static Result launch(File cwd, String... args) throws Exception {
        return launch("linkproxy-cloudfront", cwd, args);
    }

    private static Result launch(String script, File cwd, String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = MODULE.resolve("bin/" + script).toString();
        System.arraycopy(args, 0, command, 1, args.length);
        Process p = new ProcessBuilder(command).directory(cwd).redirectInput(ProcessBuilder.Redirect.from(
                new File("/dev/null"))).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher hung");
        return new Result(p.exitValue(), out, err);
    }

    record Result(int code, String out, String err) {
    }

    @Test
    void theOfflinePlanOfTheRunbookSpecRunsFromTheRepositoryRoot() throws Exception {
        Result r = launch(MODULE.getParent().toFile(), "plan", "--offline", "--json", "--spec",
                "samples/specs/runbook.yaml");
        assertEquals(0, r.code(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals("cloudfront", doc.get("provider").asText());
        assertEquals("sendgrid.net", doc.at("/config/Origins/Items/0/DomainName").asText());
    }

    @Test
    void badInputExitsTwoFromAnyDirectory() throws Exception {
        Result r = launch(new File(System.getProperty("java.io.tmpdir")), "plan", "--offline", "--domain", "x.example.com");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("certificate: required"), r.err());
    }

    @ParameterizedTest
    @CsvSource({"linkproxy-cloudflare, cloudflare, /config/dns_records/0/content",
            "linkproxy-fastly, fastly, /config/backends/0/address"})
    void theNewLaunchersPlanTheirExampleSpecOffline(String script, String provider, String originPointer)
            throws Exception {
        Result r = launch(script, MODULE.getParent().toFile(), "plan", "--offline", "--json", "--spec",
                "samples/specs/" + provider + ".yaml");
        assertEquals(0, r.code(), r.err());
        JsonNode doc = new ObjectMapper().readTree(r.out());
        assertEquals(provider, doc.get("provider").asText());
        assertEquals("sendgrid.net", doc.at(originPointer).asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"linkproxy-cloudfront", "linkproxy-cloudflare", "linkproxy-fastly"})
    void verifyRefusesBadInputBeforeAnyNetworkWithExitTwo(String script) throws Exception {
        Result r = launch(script, new File(System.getProperty("java.io.tmpdir")), "verify", "--domain", "x.example.com",
                "--pre-cutover");
        assertEquals(2, r.code(), r.err());
        assertEquals("", r.out());
        assertTrue(r.err().startsWith(script + ": --pre-cutover and --cdn-endpoint go together"), r.err());
    }
}
