package dev.linkproxy.cloudflare;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a person or a log collector could see, gathered by name, and checked for secrets: log output (all of
 * {@code System.err}, where slf4j-simple writes at the level surefire sets: TRACE), exception messages with their full
 * stack traces and causes, {@code toString()}s, plans and JSON.
 */
final class SecretScan {

    private final Map<String, String> seen = new LinkedHashMap<>();

    /** Records {@code text} under {@code what} (a later record of the same name is kept beside it). */
    SecretScan add(String what, Object text) {
        String key = what;
        for (int i = 2; seen.containsKey(key); i++) {
            key = what + " #" + i;
        }
        seen.put(key, String.valueOf(text));
        return this;
    }

    /** A throwable as {@code printStackTrace} writes it: message, frames, every cause and suppressed one. */
    SecretScan addThrowable(String what, Throwable t) {
        return add(what, stackTrace(t));
    }

    static String stackTrace(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out, true));
        for (Throwable x = t; x != null && x.getCause() != x; x = x.getCause()) {
            out.append('\n').append(String.valueOf(x.getMessage())).append('\n').append(x.toString());
        }
        return out.toString();
    }

    int size() {
        return seen.size();
    }

    Map<String, String> texts() {
        return seen;
    }

    /** Fails naming every text that holds one of {@code secrets} (or a line of one, for multi-line secrets). */
    void assertNoneContains(List<String> secrets) {
        List<String> leaks = new ArrayList<>();
        seen.forEach((what, text) -> {
            for (String secret : secrets) {
                if (text.contains(secret)) {
                    leaks.add(what + " holds a secret:\n" + excerpt(text, secret));
                }
            }
        });
        if (!leaks.isEmpty()) {
            fail(String.join("\n\n", leaks));
        }
    }

    private static String excerpt(String text, String secret) {
        int at = text.indexOf(secret);
        return text.substring(Math.max(0, at - 300), Math.min(text.length(), at + secret.length() + 100));
    }

    /**
     * Captures {@code System.err} (slf4j-simple's target) until closed. The logs a cell writes go here instead of the
     * surefire report, so a long matrix stays quiet unless it fails.
     */
    static final class StderrCapture implements AutoCloseable {
        private final PrintStream original = System.err;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        StderrCapture() {
            System.setErr(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        }

        String text() {
            System.err.flush();
            return bytes.toString(StandardCharsets.UTF_8);
        }

        @Override
        public void close() {
            System.err.flush();
            System.setErr(original);
        }
    }
}
