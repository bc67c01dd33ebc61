package dev.linkproxy.samples;

import static dev.linkproxy.samples.BadInput.assertNoApiCall;
import static dev.linkproxy.samples.BadInput.assertRefused;
import static dev.linkproxy.samples.BadInput.online;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.linkproxy.samples.BadInput.Cdn;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 8 §4, spec files: every malformed spec of core's corpus ({@code core/src/test/resources/bad-specs}, read in
 * place, with its {@code expected.tsv}) given to every CLI's {@code plan} and {@code apply --yes}, online (credentials
 * in the environment, {@code --endpoint} at WireMock), and to {@code apply --yes --json}: exit 2, the problem on
 * stderr (and in the one error document), and not one API call.
 */
class BadInputCorpusTest {

    static final String CATEGORY = "spec files";

    /** Core's corpus, one for every module: surefire runs with the module directory as the working directory. */
    static final Path CORPUS = Path.of("..", "core", "src", "test", "resources", "bad-specs");

    /** The commands each file is given to. */
    static final List<List<String>> COMMANDS = List.of(List.of("plan"), List.of("apply", "--yes"),
            List.of("apply", "--yes", "--json"));

    private static WireMockServer api;

    @BeforeAll
    static void start() {
        api = BadInput.startApi();
    }

    @AfterAll
    static void stop() {
        api.stop();
        BadInput.printSummary(CATEGORY, corpusSize() + " files × " + Cdn.values().length + " CLIs × plan, apply --yes,"
                + " apply --yes --json");
    }

    @BeforeEach
    void forgetEarlierCalls() {
        api.resetAll();
    }

    /** {@code expected.tsv}: file, and the problem line (or its start) it must be refused with. */
    static List<String[]> expected() {
        try {
            return Files.readAllLines(CORPUS.resolve("expected.tsv")).stream()
                    .filter(line -> !line.startsWith("#") && !line.isBlank())
                    .map(line -> line.split("\t", 2))
                    .toList();
        } catch (IOException e) {
            throw new IllegalStateException("the corpus is not at " + CORPUS.toAbsolutePath(), e);
        }
    }

    private static int corpusSize() {
        return expected().size();
    }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String[] row : expected()) {
            for (Cdn cdn : Cdn.values()) {
                for (List<String> command : COMMANDS) {
                    cases.add(Arguments.of(row[0], cdn, String.join(" ", command), row[1]));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{1} {2} --spec {0}")
    @MethodSource("cases")
    void isRefusedBeforeAnyApiCall(String file, Cdn cdn, String command, String problem) {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.addAll(List.of("--spec", CORPUS.resolve(file).toString()));
        assertRefused(CATEGORY, cdn, online(api, args.toArray(String[]::new)), api, problem);
    }

    @Test
    void theCorpusIsAllThereAndEveryFileIsListed() throws IOException {
        Set<String> listed = expected().stream().map(r -> r[0]).collect(Collectors.toSet());
        try (Stream<Path> files = Files.list(CORPUS)) {
            assertEquals(files.map(f -> f.getFileName().toString()).filter(n -> !n.equals("expected.tsv"))
                    .collect(Collectors.toSet()), listed);
        }
        assertEquals(listed.size(), expected().size(), "a file is listed twice");
        assertTrue(listed.size() >= 60, "only " + listed.size() + " bad specs");
        assertTrue(listed.stream().anyMatch(n -> n.endsWith(".json")) && listed.stream().anyMatch(n -> n.endsWith(".yaml")));
    }

    /**
     * The control: the same environment and endpoint with a valid spec does reach the API (which answers nothing
     * useful, so the run fails as a provider error), so an empty journal above means the file stopped the run.
     */
    @ParameterizedTest
    @EnumSource(Cdn.class)
    void aValidSpecInTheSameSetUpDoesCallTheApi(Cdn cdn) {
        for (List<String> command : COMMANDS) {
            api.resetAll();
            List<String> args = new ArrayList<>(command);
            args.addAll(List.of("--domain", BadInput.DOMAIN, "--certificate", cdn.goodCertificate));
            CliRun run = cdn.run(online(api, args.toArray(String[]::new)));
            assertNotEquals(ExitCode.BAD_INPUT, run.exitCode(), command + ": " + run.err());
            assertFalse(api.getAllServeEvents().isEmpty(), command + ": the API was not called: " + run.err());
        }
        api.resetAll();
        assertNoApiCall(api, "after a reset");
    }
}
