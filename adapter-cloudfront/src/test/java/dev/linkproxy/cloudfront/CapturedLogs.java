package dev.linkproxy.cloudfront;

import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.Logger;
import org.slf4j.Marker;
import org.slf4j.event.Level;
import org.slf4j.helpers.BasicMDCAdapter;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.helpers.LegacyAbstractLogger;
import org.slf4j.helpers.MessageFormatter;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Every log line of the test JVM, at the most verbose level, while a capture is open: SLF4J (linkproxy's own
 * logging and the AWS SDK's, which goes through SLF4J) through this test-scoped SLF4J provider, java.util.logging
 * at {@code ALL} (where the JDK's URLConnection HTTP client logs its requests), and everything written to
 * {@code System.out} and {@code System.err}. Between captures every SLF4J logger reports itself disabled, so the
 * rest of the suite pays nothing and prints nothing.
 *
 * <pre>{@code try (CapturedLogs logs = CapturedLogs.open()) { ...; text = logs.text(); } }</pre>
 */
final class CapturedLogs implements AutoCloseable {

    private static final Object LOCK = new Object();
    private static volatile StringBuilder sink;
    /** Loggers (by name prefix) held at INFO during the capture; every other one is at TRACE. */
    private static volatile java.util.List<String> atInfo = java.util.List.of();

    private final PrintStream out;
    private final PrintStream err;
    private final java.util.logging.Logger julRoot = java.util.logging.Logger.getLogger("");
    private final java.util.logging.Level julLevel;
    private final java.util.logging.Logger julHttp =
            java.util.logging.Logger.getLogger("sun.net.www.protocol.http.HttpURLConnection");
    private final java.util.logging.Level julHttpLevel;
    private final Handler julHandler;

    private CapturedLogs(java.util.List<String> infoOnly) {
        synchronized (LOCK) {
            if (sink != null) {
                throw new IllegalStateException("a capture is already open");
            }
            sink = new StringBuilder();
            atInfo = java.util.List.copyOf(infoOnly);
        }
        out = System.out;
        err = System.err;
        System.setOut(tee(out, "[stdout] "));
        System.setErr(tee(err, "[stderr] "));
        julLevel = julRoot.getLevel();
        julHttpLevel = julHttp.getLevel();
        julHandler = new Handler() {
            @Override
            public void publish(LogRecord r) {
                String message = r.getMessage();
                if (r.getParameters() != null && message != null) {
                    message = java.text.MessageFormat.format(message, r.getParameters());
                }
                append("[jul " + r.getLevel() + "] " + r.getLoggerName() + " " + message, r.getThrown());
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        julHandler.setLevel(java.util.logging.Level.ALL);
        julRoot.addHandler(julHandler);
        julRoot.setLevel(java.util.logging.Level.ALL);
        julHttp.setLevel(infoOnly.stream().anyMatch(julHttp.getName()::startsWith)
                ? java.util.logging.Level.INFO : java.util.logging.Level.ALL);
    }

    /** Starts capturing every log line, at every level. */
    static CapturedLogs open() {
        return new CapturedLogs(java.util.List.of());
    }

    /**
     * Starts capturing every log line at every level, except the named loggers' (SLF4J name prefixes, and the JDK's
     * HTTP logger when named): INFO and above.
     */
    static CapturedLogs openWithInfoOnly(String... loggers) {
        return new CapturedLogs(java.util.List.of(loggers));
    }

    /** All captured so far. */
    String text() {
        synchronized (LOCK) {
            return sink == null ? "" : sink.toString();
        }
    }

    @Override
    public void close() {
        julRoot.removeHandler(julHandler);
        julRoot.setLevel(julLevel);
        julHttp.setLevel(julHttpLevel);
        System.out.flush();
        System.err.flush();
        System.setOut(out);
        System.setErr(err);
        synchronized (LOCK) {
            sink = null;
            atInfo = java.util.List.of();
        }
    }

    static boolean capturing() {
        return sink != null;
    }

    static void append(String line, Throwable thrown) {
        synchronized (LOCK) {
            StringBuilder s = sink;
            if (s == null) {
                return;
            }
            s.append(line).append('\n');
            if (thrown != null) {
                s.append(stackTrace(thrown));
            }
        }
    }

    /** The full stack trace, causes and suppressed exceptions included, as {@code printStackTrace} prints it. */
    static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }

    private static PrintStream tee(PrintStream original, String prefix) {
        return new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                synchronized (LOCK) {
                    if (sink != null) {
                        sink.append((char) b);
                    }
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                append(prefix + new String(b, off, len, StandardCharsets.UTF_8).stripTrailing(), null);
            }
        }, true, StandardCharsets.UTF_8);
    }

    // ---- the SLF4J side ---------------------------------------------------------------------------------------

    /** Found by SLF4J through {@code META-INF/services/org.slf4j.spi.SLF4JServiceProvider} (test scope only). */
    public static final class Provider implements SLF4JServiceProvider {
        private final ConcurrentMap<String, Logger> loggers = new ConcurrentHashMap<>();
        private final ILoggerFactory factory = name -> loggers.computeIfAbsent(name, CapturingLogger::new);
        private final IMarkerFactory markers = new BasicMarkerFactory();
        private final MDCAdapter mdc = new BasicMDCAdapter();

        @Override
        public ILoggerFactory getLoggerFactory() {
            return factory;
        }

        @Override
        public IMarkerFactory getMarkerFactory() {
            return markers;
        }

        @Override
        public MDCAdapter getMDCAdapter() {
            return mdc;
        }

        @Override
        public String getRequestedApiVersion() {
            return "2.0.99";
        }

        @Override
        public void initialize() {
        }
    }

    /** A logger at TRACE while a capture is open, off otherwise. */
    static final class CapturingLogger extends LegacyAbstractLogger {
        private static final long serialVersionUID = 1L;

        CapturingLogger(String name) {
            this.name = name;
        }

        @Override
        public boolean isTraceEnabled() {
            return isDebugEnabled();
        }

        @Override
        public boolean isDebugEnabled() {
            return capturing() && atInfo.stream().noneMatch(name::startsWith);
        }

        @Override
        public boolean isInfoEnabled() {
            return capturing();
        }

        @Override
        public boolean isWarnEnabled() {
            return capturing();
        }

        @Override
        public boolean isErrorEnabled() {
            return capturing();
        }

        @Override
        protected String getFullyQualifiedCallerName() {
            return null;
        }

        @Override
        protected void handleNormalizedLoggingCall(Level level, Marker marker, String pattern, Object[] arguments,
                                                   Throwable throwable) {
            if ((level == Level.DEBUG || level == Level.TRACE) && !isDebugEnabled()) {
                return;
            }
            String message = MessageFormatter.basicArrayFormat(pattern, arguments);
            append("[" + level + "] " + name + " " + message, throwable);
        }
    }
}
