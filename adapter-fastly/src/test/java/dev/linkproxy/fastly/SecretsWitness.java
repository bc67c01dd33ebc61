package dev.linkproxy.fastly;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Everything a secret could leak through, gathered while it is open: all of {@code System.err} (where slf4j-simple
 * writes; {@code dev.linkproxy} is at TRACE through surefire's {@code systemPropertyVariables}), OkHttp's
 * java.util.logging output at ALL, and what a test hands it: exceptions with their full stack traces and causes,
 * {@code toString()}s, plans and JSON. {@link #assertHoldsNone} checks that no secret appears in any of it.
 */
final class SecretsWitness implements AutoCloseable {

    private final PrintStream originalErr = System.err;
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final List<String> texts = new ArrayList<>();
    private final Logger okhttp = Logger.getLogger("okhttp3");
    private final Level okhttpLevel = okhttp.getLevel();
    private final Handler jul = new Handler() {
        @Override
        public void publish(LogRecord r) {
            synchronized (texts) {
                texts.add("jul " + r.getLoggerName() + " " + r.getLevel() + " " + r.getMessage()
                        + (r.getParameters() == null ? "" : " " + java.util.Arrays.toString(r.getParameters()))
                        + (r.getThrown() == null ? "" : " " + trace(r.getThrown())));
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    SecretsWitness() {
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        okhttp.setLevel(Level.ALL);
        okhttp.addHandler(jul);
    }

    /** Records {@code o.toString()} (and for a throwable, its message and full stack trace with causes). */
    SecretsWitness saw(Object o) {
        synchronized (texts) {
            texts.add(o instanceof Throwable t ? t.getMessage() + "\n" + trace(t) : String.valueOf(o));
        }
        return this;
    }

    static String trace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    /** What slf4j wrote so far. */
    String log() {
        System.err.flush();
        return err.toString(StandardCharsets.UTF_8);
    }

    /** Every text seen so far, the log included. */
    List<String> everything() {
        List<String> all;
        synchronized (texts) {
            all = new ArrayList<>(texts);
        }
        all.add(log());
        return all;
    }

    /** Fails naming the first place where one of {@code secrets} shows. */
    void assertHoldsNone(List<String> secrets) {
        List<String> leaks = new ArrayList<>();
        for (String text : everything()) {
            for (String s : secrets) {
                if (text.contains(s)) {
                    int at = text.indexOf(s);
                    leaks.add("\"" + s.substring(0, Math.min(8, s.length())) + "…\" in: "
                            + text.substring(Math.max(0, at - 200), at).replace(s, "<secret>"));
                }
            }
        }
        assertEquals(List.of(), leaks, "secrets leaked");
    }

    /** The base64 body lines of a PEM private key (the lines between BEGIN and END). */
    static List<String> keyBodyLines(Path keyFile) {
        try {
            return Files.readAllLines(keyFile).stream().map(String::trim)
                    .filter(l -> !l.isEmpty() && !l.startsWith("-----")).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        System.err.flush();
        System.setErr(originalErr);
        okhttp.removeHandler(jul);
        okhttp.setLevel(okhttpLevel);
    }
}
