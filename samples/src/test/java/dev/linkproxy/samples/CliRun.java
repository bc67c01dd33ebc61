package dev.linkproxy.samples;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** One in-process run of a linkproxy CLI ({@code linkproxy-cloudfront} unless told): its exit code, stdout and stderr. */
record CliRun(int exitCode, String out, String err) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** How a test runs a CLI: which one, its environment, and whether a person or a terminal is there. */
    record Setup(Function<CliIo, CliContext> cli, Map<String, String> env, boolean interactive, boolean errTerminal,
                 List<String> answers) {

        static Setup of(Function<CliIo, CliContext> cli) {
            return new Setup(cli, Map.of(), false, false, List.of());
        }

        Setup withEnv(Map<String, String> environment) {
            return new Setup(cli, environment, interactive, errTerminal, answers);
        }

        Setup stderrOnTerminal() {
            return new Setup(cli, env, interactive, true, answers);
        }

        CliRun run(String... args) {
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            Deque<String> queue = new ArrayDeque<>(answers);
            CliIo io = new CliIo(new PrintWriter(out, true), new PrintWriter(err, true), () -> interactive,
                    queue::poll, env::get, () -> errTerminal);
            int code = Cli.run(cli.apply(io), args);
            return new CliRun(code, out.toString(), err.toString());
        }

        CliRun run(List<String> args) {
            return run(args.toArray(String[]::new));
        }
    }

    /** Runs {@code linkproxy-cloudfront} with no terminal, the given environment and the given answers to questions. */
    static CliRun run(Map<String, String> env, boolean interactive, List<String> answers, String... args) {
        return new Setup(CloudFrontCli::context, env, interactive, false, answers).run(args);
    }

    static CliRun run(String... args) {
        return run(Map.of(), false, List.of(), args);
    }

    /** Stdout as exactly one JSON document; fails if anything else is there. */
    JsonNode json() {
        try (JsonParser p = JSON.getFactory().createParser(out)) {
            JsonNode doc = JSON.readTree(p);
            if (doc == null) {
                throw new AssertionError("stdout is empty; stderr:\n" + err);
            }
            if (p.nextToken() != null) {
                throw new AssertionError("stdout holds more than one JSON document:\n" + out);
            }
            return doc;
        } catch (IOException e) {
            throw new AssertionError("stdout is not JSON: " + e.getMessage() + "\n" + out + "\nstderr:\n" + err, e);
        }
    }

    /** Stdout as JSON Lines: every line exactly one JSON object, nothing else (not even a blank line). */
    List<JsonNode> jsonLines() {
        List<JsonNode> objects = new ArrayList<>();
        if (out.isEmpty()) {
            return objects;
        }
        if (!out.endsWith("\n")) {
            throw new AssertionError("stdout does not end with a line break:\n" + out);
        }
        for (String line : out.substring(0, out.length() - 1).split("\n", -1)) {
            try (JsonParser p = JSON.getFactory().createParser(line)) {
                JsonNode node = JSON.readTree(p);
                if (node == null || !node.isObject() || p.nextToken() != null) {
                    throw new AssertionError("stdout line is not one JSON object: " + line + "\nstderr:\n" + err);
                }
                objects.add(node);
            } catch (IOException e) {
                throw new AssertionError("stdout line is not JSON: " + line + "\nstderr:\n" + err, e);
            }
        }
        return objects;
    }
}
