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

    /**
     * Sends {@code GET pathAndQuery} with {@code headers} (which must include {@code Host}) and reads the head of the
     * answer.
     */
    static HttpAnswer get(Connection c, String pathAndQuery, Map<String, String> headers, Deadline deadline,
                          Duration readLimit) throws IOException {
        StringBuilder request = new StringBuilder("GET ").append(pathAndQuery).append(" HTTP/1.1\r\n");
        headers.forEach((k, v) -> request.append(k).append(": ").append(v).append("\r\n"));
        request.append("User-Agent: linkproxy-verifier\r\nAccept: */*\r\nConnection: close\r\n\r\n");
        String where = Addresses.text(c.address());
        try {
            OutputStream out = c.socket().getOutputStream();
            out.write(request.toString().getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return parse(readHead(c, deadline, readLimit, where), where);
        } catch (SocketTimeoutException e) {
            throw deadline.timedOut("no HTTP answer from " + where, readLimit);
        } catch (SocketException e) {
            throw deadline.expired() ? deadline.reached()
                    : new StepException("the connection to " + where + " failed: " + e.getMessage(), e);
        }
    }

    private static String readHead(Connection c, Deadline deadline, Duration readLimit, String where)
            throws IOException {
        InputStream in = new BufferedInputStream(c.socket().getInputStream());
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < 4) {
            c.socket().setSoTimeout(deadline.millisFor(readLimit));
            int b = in.read();
            if (b < 0) {
                throw new StepException(where + " closed the connection "
                        + (head.size() == 0 ? "without an HTTP answer" : "in the middle of the HTTP headers"));
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
