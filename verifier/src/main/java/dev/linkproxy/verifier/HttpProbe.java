package dev.linkproxy.verifier;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 {@code GET} over a connection the verifier opened, reading only the status line and headers, bounded
 * in size and in time. Redirects are never followed: the redirect is the answer being checked.
 */
final class HttpProbe {

    /** Status line and headers larger than this are not an answer a tracking origin gives. */
    static final int MAX_HEAD = 64 * 1024;

    private HttpProbe() {
    }

    /** An answer, and whether the connection may carry another request (its body read to the end). */
    record Exchange(HttpAnswer answer, boolean reusable) {
    }

    /**
     * Nothing came back at all on a kept-alive connection: the server closed it while idle, as it may at any time. A
     * request on a fresh connection is the remedy (a {@code GET} is safe to repeat).
     */
    static final class NoAnswer extends StepException {
        NoAnswer(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Bodies longer than this are not read to keep a connection: it is closed instead. */
    static final int MAX_KEPT_BODY = 64 * 1024;

    /**
     * Sends {@code GET pathAndQuery} with {@code headers} (which must include {@code Host}) and reads the head of the
     * answer; the connection is not reused.
     */
    static HttpAnswer get(Connection c, String pathAndQuery, Map<String, String> headers, Deadline deadline,
                          Duration readLimit) throws IOException {
        return exchange(c, pathAndQuery, headers, deadline, readLimit, false).answer();
    }

    /**
     * As {@link #get}, asking the server to keep the connection open when {@code keepAlive}: then a short body of
     * known length is read to its end, and the connection is reusable unless the server said otherwise. A connection
     * that gives no byte at all fails with {@link NoAnswer}.
     */
    static Exchange exchange(Connection c, String pathAndQuery, Map<String, String> headers, Deadline deadline,
                             Duration readLimit, boolean keepAlive) throws IOException {
        StringBuilder request = new StringBuilder("GET ").append(pathAndQuery).append(" HTTP/1.1\r\n");
        headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
        request.append("User-Agent: linkproxy-verifier\r\nAccept: */*\r\n");
        request.append(keepAlive ? "\r\n" : "Connection: close\r\n\r\n");
        String where = Addresses.text(c.address());
        InputStream in = null;
        try {
            OutputStream out = c.socket().getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            in = new BufferedInputStream(c.socket().getInputStream());
            String head = readHead(in, c, deadline, readLimit, where);
            HttpAnswer answer = parse(head, where);
            return new Exchange(answer, keepAlive && head.startsWith("HTTP/1.1 ")
                    && readKeptBody(in, c, answer, deadline, readLimit, where));
        } catch (SocketTimeoutException e) {
            throw deadline.timedOut("no HTTP answer from " + where, readLimit);
        } catch (SocketException e) {
            if (deadline.expired()) {
                throw deadline.reached();
            }
            String message = "the connection to " + where + " failed: " + e.getMessage();
            throw in == null || e instanceof NoAnswerSocket ? new NoAnswer(message, e) : new StepException(message, e);
        }
    }

    /** Marks a reset seen before the first byte of the answer (see {@link #readHead}). */
    private static final class NoAnswerSocket extends SocketException {
        NoAnswerSocket(SocketException cause) {
            super(cause.getMessage());
            initCause(cause);
        }
    }

    /**
     * Reads the body when the server keeps the connection and says how long the body is; true when the connection
     * can carry another request.
     */
    private static boolean readKeptBody(InputStream in, Connection c, HttpAnswer answer, Deadline deadline,
                                        Duration readLimit, String where) throws IOException {
        if ("close".equalsIgnoreCase(answer.headers().getOrDefault("connection", ""))
                || answer.headers().containsKey("transfer-encoding")) {
            return false;
        }
        long length;
        try {
            length = Long.parseLong(answer.headers().getOrDefault("content-length", "-1"));
        } catch (NumberFormatException e) {
            return false;
        }
        if (length < 0 || length > MAX_KEPT_BODY) {
            return false;
        }
        for (long left = length; left > 0; left--) {
            c.socket().setSoTimeout(deadline.millisFor(readLimit));
            if (in.read() < 0) {
                throw new StepException(where + " closed the connection in the middle of the HTTP body");
            }
        }
        return true;
    }

    private static String readHead(InputStream in, Connection c, Deadline deadline, Duration readLimit, String where)
            throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            c.socket().setSoTimeout(deadline.millisFor(readLimit));
            int b;
            try {
                b = in.read();
            } catch (SocketException e) {
                throw head.size() == 0 ? new NoAnswerSocket(e) : e;
            }
            if (b < 0 && head.size() == 0) {
                throw new NoAnswer(where + " closed the connection without an HTTP answer", null);
            }
            if (b < 0) {
                throw new StepException(where + " closed the connection in the middle of the HTTP headers");
            }
            head.write(b);
            if (head.size() > MAX_HEAD) {
                throw new StepException(where + " sent more than " + MAX_HEAD + " bytes of HTTP headers");
            }
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    private static HttpAnswer parse(String head, String where) throws StepException {
        String[] lines = head.split("\r\n");
        String[] status = lines[0].split(" ", 3);
        if (status.length < 2 || !status[0].startsWith("HTTP/") || !status[1].matches("\\d{3}")) {
            throw new StepException(where + " did not answer HTTP: \"" + abbreviate(lines[0]) + "\"");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                headers.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        lines[i].substring(colon + 1).trim());
            }
        }
        return new HttpAnswer(Integer.parseInt(status[1]), status.length > 2 ? status[2] : "", headers);
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 60) + "…";
    }
}
