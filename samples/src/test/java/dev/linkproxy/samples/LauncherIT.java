package dev.linkproxy.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** samples/bin/linkproxy-* run the packaged CLIs from any working directory. */
class LauncherIT {

    private static final Path MODULE = Path.of(System.getProperty("user.dir")).toAbsolutePath();

    private static Result launch(File cwd, String... args) throws Exception {
        return launch("linkproxy-cloudfront", cwd, args);
    }

    /** The launchers' class-data archives go here, not into the user's cache. */
    @TempDir
    static Path cache;

    private static Result launch(String script, File cwd, String... args) throws Exception {
        return launch(Map.of(), script, cwd, args);
    }

    private static Result launch(Map<String, String> env, String script, File cwd, String... args) throws Exception {
        String[] command = new String[args.length + 1];
        command[0] = MODULE.resolve("bin/" + script).toString();
        System.arraycopy(args, 0, command, 1, args.length);
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd).redirectInput(ProcessBuilder.Redirect.from(
                new File("/dev/null")));
        pb.environment().put("XDG_CACHE_HOME", cache.toString());
        pb.environment().putAll(env);
        // stderr into a file: read one stream after the other, a long stderr would fill its pipe and stop the CLI.
        Path errFile = Files.createTempFile(cache, "stderr", ".txt");
        pb.redirectError(errFile.toFile());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher hung");
        return new Result(p.exitValue(), out, Files.readString(errFile));
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
    void theFirstRunArchivesItsClassesAndLaterRunsMapThemWithTheSameOutput(@TempDir Path own) throws Exception {
        Map<String, String> env = Map.of("XDG_CACHE_HOME", own.toString());
        String[] plan = {"plan", "--offline", "--json", "--spec", "samples/specs/runbook.yaml"};
        Result first = launch(env, "linkproxy-cloudfront", MODULE.getParent().toFile(), plan);
        assertEquals(0, first.code(), first.err());
        List<String> archives;
        try (Stream<Path> files = Files.list(own.resolve("linkproxy"))) {
            archives = files.map(f -> f.getFileName().toString()).toList();
        }
        assertEquals(1, archives.size(), archives.toString());
        // A class-data archive, or on JDK 25 and later an AOT cache.
        String kind = Runtime.version().feature() >= 25 ? "aot" : "jsa";
        assertTrue(archives.get(0).matches("linkproxy-cloudfront-plan-\\d+\\." + kind), archives.toString());
        assertFalse(first.err().contains("[warning]"), "archiving is silent: " + first.err());

        // The JVM says where each class came from: the CLI's own classes now come from the archive.
        Map<String, String> traced = new HashMap<>(env);
        traced.put("LINKPROXY_JAVA_OPTS", "-Xlog:class+load=info:stderr");
        Result next = launch(traced, "linkproxy-cloudfront", MODULE.getParent().toFile(), plan);
        assertEquals(0, next.code(), next.err());
        assertEquals(first.out(), next.out());
        assertTrue(next.err().lines().anyMatch(l -> l.contains(" dev.linkproxy.samples.CloudFrontCli source: shared")),
                next.err().lines().filter(l -> l.contains("CloudFrontCli")).toList().toString());
        // The offline plan makes no AWS SDK object (its model objects cost about 40 ms on JDK 17).
        assertFalse(next.err().lines().anyMatch(l -> l.contains(" software.amazon.awssdk.core.SdkField ")
                || l.contains(".cloudfront.model.DistributionConfig ")), "an SDK object was made");
        if (kind.equals("jsa")) {
            // picocli's Java 5 classes too, which a dynamic archive leaves out (JDK 25's AOT cache does as well).
            assertTrue(next.err().lines().anyMatch(l -> l.contains(" picocli.CommandLine source: shared")),
                    next.err().lines().filter(l -> l.contains("picocli.CommandLine ")).toList().toString());
        }
    }

    @Test
    void aNewArchiveLeavesTheCommandItsNewestThreeAndOtherCommandsAlone(@TempDir Path own) throws Exception {
        String kind = Runtime.version().feature() >= 25 ? "aot" : "jsa";
        Path dir = Files.createDirectories(own.resolve("linkproxy"));
        long now = System.currentTimeMillis();
        for (int i = 1; i <= 4; i++) {
            Path old = Files.writeString(dir.resolve("linkproxy-cloudfront-plan-" + i + "." + kind), "old build " + i);
            Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.fromMillis(now - i * 60_000L));
        }
        Path verify = Files.writeString(dir.resolve("linkproxy-cloudfront-verify-1." + kind), "another command");
        Files.setLastModifiedTime(verify, java.nio.file.attribute.FileTime.fromMillis(now - 3_600_000L));

        Result r = launch(Map.of("XDG_CACHE_HOME", own.toString()), "linkproxy-cloudfront", MODULE.getParent().toFile(),
                "plan", "--offline", "--spec", "samples/specs/runbook.yaml");
        assertEquals(0, r.code(), r.err());
        List<String> left;
        try (Stream<Path> files = Files.list(dir)) {
            left = files.map(f -> f.getFileName().toString()).sorted().toList();
        }
        // The new archive and the two newest old ones of plan; verify's untouched.
        assertEquals(4, left.size(), left.toString());
        assertTrue(left.containsAll(List.of("linkproxy-cloudfront-plan-1." + kind, "linkproxy-cloudfront-plan-2." + kind,
                "linkproxy-cloudfront-verify-1." + kind)), left.toString());
        assertFalse(left.contains("linkproxy-cloudfront-plan-3." + kind), left.toString());
        assertFalse(left.contains("linkproxy-cloudfront-plan-4." + kind), left.toString());
    }

    @Test
    void aRunRefusedAsBadInputKeepsNoArchive(@TempDir Path own) throws Exception {
        Result r = launch(Map.of("XDG_CACHE_HOME", own.toString()), "linkproxy-cloudfront",
                MODULE.getParent().toFile(), "plna", "--offline");
        assertEquals(2, r.code(), r.err());
        try (Stream<Path> files = Files.list(own.resolve("linkproxy"))) {
            assertEquals(List.of(), files.toList());
        }
    }

    @Test
    void withClassDataSharingOffNothingIsWritten(@TempDir Path own) throws Exception {
        Result r = launch(Map.of("XDG_CACHE_HOME", own.toString(), "LINKPROXY_CDS", "off"), "linkproxy-cloudfront",
                MODULE.getParent().toFile(), "plan", "--offline", "--spec", "samples/specs/runbook.yaml");
        assertEquals(0, r.code(), r.err());
        assertFalse(Files.exists(own.resolve("linkproxy")));
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
