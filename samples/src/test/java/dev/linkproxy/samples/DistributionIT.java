package dev.linkproxy.samples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CLI distribution as a user gets it: the .tar.gz unpacked into an empty folder runs {@code linkproxy-cloudfront
 * plan --offline} from another folder, with a PATH that holds only the JRE and the shell's tools (no Maven, no source
 * tree); the .zip holds the same files.
 */
class DistributionIT {

    private static final Path TARGET = Path.of(System.getProperty("user.dir"), "target").toAbsolutePath();

    @TempDir
    Path dir;

    private static Path archive(String suffix) throws IOException {
        try (Stream<Path> files = Files.list(TARGET)) {
            return files.filter(p -> p.getFileName().toString().startsWith("linkproxy-samples-")
                    && p.getFileName().toString().endsWith("-dist." + suffix)).findFirst()
                    .orElseThrow(() -> new AssertionError("no *-dist." + suffix + " in " + TARGET));
        }
    }

    private static String run(Path cwd, Map<String, String> env, String... command) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile()).redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), String.join(" ", command) + ":\n" + out);
        return out;
    }

    @Test
    void theTarballUnpackedAnywhereRunsTheOfflinePlanWithOnlyAJre() throws Exception {
        Path unpacked = Files.createDirectories(dir.resolve("opt"));
        run(unpacked, Map.of("PATH", "/usr/bin:/bin"), "tar", "-xzf", archive("tar.gz").toString());
        Path root;
        try (Stream<Path> roots = Files.list(unpacked)) {
            root = roots.findFirst().orElseThrow();
        }
        assertTrue(root.getFileName().toString().startsWith("linkproxy-"), root.toString());
        assertTrue(Files.isExecutable(root.resolve("bin/linkproxy-cloudfront")));
        Path elsewhere = Files.createDirectories(dir.resolve("elsewhere"));
        Path javaBin = Path.of(System.getProperty("java.home"), "bin");
        String out = run(elsewhere, Map.of("PATH", javaBin + File.pathSeparator + "/usr/bin:/bin"),
                root.resolve("bin/linkproxy-cloudfront").toString(), "plan", "--offline", "--spec",
                root.resolve("specs/runbook.yaml").toString());
        assertTrue(out.contains("cloudfront: the configuration the API would receive"), out);
        assertTrue(out.contains("\"OriginProtocolPolicy\" : \"https-only\""), out);
    }

    @Test
    void theZipHoldsTheSameLaunchersAndLibraries() throws Exception {
        List<String> names = new ArrayList<>();
        try (ZipFile zip = new ZipFile(archive("zip").toFile())) {
            Collections.list(zip.entries()).forEach(e -> names.add(e.getName().replaceFirst("^[^/]+/", "")));
        }
        for (String wanted : List.of("bin/linkproxy-cloudfront", "bin/linkproxy-cloudflare", "bin/linkproxy-fastly",
                "bin/.launch", "specs/runbook.yaml", "LICENSE")) {
            assertTrue(names.contains(wanted), wanted + " not in " + names);
        }
        assertTrue(names.stream().anyMatch(n -> n.matches("lib/linkproxy-samples-.*\\.jar")), names.toString());
        assertTrue(names.stream().anyMatch(n -> n.matches("lib/linkproxy-core-.*\\.jar")), names.toString());
    }
}
