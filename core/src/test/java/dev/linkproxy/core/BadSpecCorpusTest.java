package dev.linkproxy.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The corpus of malformed spec files in {@code src/test/resources/bad-specs}: each is refused with a problem that
 * names the field and says what is wrong ({@code expected.tsv} holds the line, or its start, for each file).
 * The sample CLIs run the same corpus and assert exit code 2 and no API call.
 */
class BadSpecCorpusTest {

    static final Path CORPUS = Path.of("src/test/resources/bad-specs");

    static Stream<Arguments> corpus() throws IOException {
        return Files.readAllLines(CORPUS.resolve("expected.tsv")).stream()
                .filter(line -> !line.startsWith("#") && !line.isBlank())
                .map(line -> line.split("\t", 2))
                .map(cols -> Arguments.of(cols[0], cols[1]));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void isRefusedWithAProblemNamingIt(String file, String expected) {
        InvalidSpecException e = assertThrows(InvalidSpecException.class, () -> SpecFiles.read(CORPUS.resolve(file)));
        assertTrue(e.problems().stream().anyMatch(p -> p.toString().contains(expected)),
                "expected a problem containing «" + expected + "», got:\n" + e.getMessage());
    }

    @Test
    void everyFileOfTheCorpusIsListedAndThereAreAtLeastSixty() throws IOException {
        Set<String> listed = corpus().map(a -> (String) a.get()[0]).collect(Collectors.toSet());
        try (Stream<Path> files = Files.list(CORPUS)) {
            Set<String> present = files.map(f -> f.getFileName().toString()).filter(n -> !n.equals("expected.tsv"))
                    .collect(Collectors.toSet());
            assertEquals(present, listed);
        }
        assertTrue(listed.size() >= 60, "only " + listed.size() + " bad specs");
        assertTrue(listed.stream().filter(n -> n.endsWith(".json")).count() >= 25, "too few JSON files");
        assertTrue(listed.stream().filter(n -> n.endsWith(".yaml")).count() >= 25, "too few YAML files");
    }
}
