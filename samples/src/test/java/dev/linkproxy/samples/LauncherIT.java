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

/** samples/bin/linkproxy-cloudfront runs the packaged CLI from any working directory. */
class LauncherIT {

    private static final Path MODULE = Path.of(System.getProperty("user.dir")).toAbsolutePath();

    private static Result launch(File cwd, String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = MODULE.resolve("bin/linkproxy-cloudfront").toString();
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
}
