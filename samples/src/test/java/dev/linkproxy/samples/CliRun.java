package dev.linkproxy.samples;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

/** One in-process run of {@code linkproxy-cloudfront}: its exit code, stdout and stderr. */
record CliRun(int exitCode, String out, String err) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Runs with no terminal, the given environment and the given answers to questions. */
    static CliRun run(Map<String, String> env, boolean interactive, List<String> answers, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Deque<String> queue = new ArrayDeque<>(answers);
        CliIo io = new CliIo(new PrintWriter(out, true), new PrintWriter(err, true), () -> interactive,
                queue::poll, env::get);
        int code = Cli.run(CloudFrontCli.context(io), args);
        return new CliRun(code, out.toString(), err.toString());
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
}
