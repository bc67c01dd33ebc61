package dev.linkproxy.fastly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.linkproxy.core.CdnException;
import dev.linkproxy.core.RetryPolicy;
import dev.linkproxy.core.spi.Secret;
import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import okhttp3.FormBody;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thin HTTP layer: one OkHttp client, the {@code Fastly-Key} header, form bodies for the classic endpoints and
 * JSON:API bodies for TLS, every call through the settings' {@link RetryPolicy}, every failure a {@link CdnException}
 * (via {@link FastlyErrors}). Logs method and path only, never a header.
 */
final class FastlyApi implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(FastlyApi.class);
    static final MediaType JSON_API = MediaType.get("application/vnd.api+json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final OkHttpClient http;
    private final HttpUrl base;
    private final Secret token;
    private final RetryPolicy retry;
    private final Clock clock;
    // What Fastly last said about the write budget (writes are limited per hour; reads are not).
    private volatile int remaining = -1;
    private volatile Instant reset;

    FastlyApi(URI endpoint, Secret token, Duration connectTimeout, Duration callTimeout, RetryPolicy retry, Clock clock) {
        HttpUrl url = HttpUrl.get(endpoint.toString());
        this.base = url;
        this.token = token;
        this.retry = retry;
        this.clock = clock;
        this.http = new OkHttpClient.Builder()
                .connectTimeout(connectTimeout)
                .callTimeout(callTimeout)
                .readTimeout(callTimeout)
                // OkHttp would otherwise resend a POST on its own after a dropped connection, behind the retry
                // policy's back, and could create a second service; retries are decided here, call by call.
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .build();
    }

    /** A read; retried. */
    JsonNode get(String operation, String template, Map<String, String> query, String... args) {
        return retry.execute(() -> send(operation, request("GET", url(template, query, args), null)));
    }

    /** A read that answers empty on 404; retried. */
    Optional<JsonNode> find(String operation, String template, Map<String, String> query, String... args) {
        try {
            return Optional.of(get(operation, template, query, args));
        } catch (CdnException e) {
            if (e.kind() == CdnException.Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** An idempotent form write (PUT of fields, activate, lock, DELETE); retried as is. */
    JsonNode form(String operation, String method, String template, Map<String, String> fields, String... args) {
        return retry.execute(() -> send(operation, request(method, url(template, Map.of(), args), formBody(fields))));
    }

    /**
     * A write that is not idempotent (create a service, add a domain, clone a version). A retry after an answer
     * that may have been lost asks {@code lookFirst} before sending again: when it finds what the first attempt made,
     * that is the answer and nothing is sent twice.
     */
    JsonNode formOnce(String operation, String method, String template, Map<String, String> fields,
                      Supplier<Optional<JsonNode>> lookFirst, String... args) {
        RequestBody body = formBody(fields);
        return once(operation, lookFirst, () -> request(method, url(template, Map.of(), args), body));
    }

    /** A JSON:API write (TLS endpoints); POSTs look first like {@link #formOnce}, other methods retry as is. */
    JsonNode jsonApi(String operation, String method, String template, JsonNode document,
                     Supplier<Optional<JsonNode>> lookFirst, String... args) {
        return jsonApi(operation, method, template, document, lookFirst, Map.of(), args);
    }

    /** {@link #jsonApi(String, String, String, JsonNode, Supplier, String...)} with a query. */
    JsonNode jsonApi(String operation, String method, String template, JsonNode document,
                     Supplier<Optional<JsonNode>> lookFirst, Map<String, String> query, String... args) {
        // Bytes, not a String: OkHttp appends "; charset=utf-8" to a String body's media type, and a JSON:API server
        // must answer 415 to a media type with parameters (JSON:API 1.0, "Server Responsibilities").
        RequestBody body = RequestBody.create(document.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                JSON_API);
        if (lookFirst == null) {
            return retry.execute(() -> send(operation, request(method, url(template, query, args), body)));
        }
        return once(operation, lookFirst, () -> request(method, url(template, query, args), body));
    }

    /** Deletes; a 404 on a retry means the first attempt did it. */
    void delete(String operation, String template, String... args) {
        int[] attempt = {0};
        retry.execute(() -> {
            try {
                attempt[0]++;
                return send(operation, request("DELETE", url(template, Map.of(), args), null));
            } catch (CdnException e) {
                if (attempt[0] > 1 && e.kind() == CdnException.Kind.NOT_FOUND) {
                    return NullNode.getInstance();
                }
                throw e;
            }
        });
    }

    private JsonNode once(String operation, Supplier<Optional<JsonNode>> lookFirst, Supplier<Request> request) {
        int[] attempt = {0};
        return retry.execute(() -> {
            if (attempt[0]++ > 0) {
                Optional<JsonNode> made = lookFirst.get();
                if (made.isPresent()) {
                    LOG.info("fastly {}: the earlier attempt had succeeded; not sending it again", operation);
                    return made.get();
                }
            }
            return send(operation, request.get());
        });
    }

    private Request request(String method, HttpUrl url, RequestBody body) {
        return new Request.Builder().url(url).header("Fastly-Key", token.reveal())
                .header("Accept", "application/json").method(method, body).build();
    }

    private static RequestBody formBody(Map<String, String> fields) {
        FormBody.Builder form = new FormBody.Builder();
        fields.forEach(form::add);
        return form.build();
    }

    /** Fills {@code {placeholders}} in order with {@code args}, each encoded as one path segment. */
    HttpUrl url(String template, Map<String, String> query, String... args) {
        HttpUrl.Builder b = base.newBuilder();
        int next = 0;
        for (String segment : template.substring(1).split("/")) {
            if (segment.startsWith("{")) {
                b.addPathSegment(args[next++]);
            } else {
                b.addPathSegment(segment);
            }
        }
        if (next != args.length) {
            throw new IllegalArgumentException(template + " takes " + next + " arguments, got " + args.length);
        }
        query.forEach(b::addQueryParameter);
        return b.build();
    }

    private JsonNode send(String operation, Request request) {
        boolean write = !request.method().equals("GET");
        Instant now = clock.instant();
        if (write && remaining == 0 && reset != null && reset.isAfter(now)) {
            // Fastly said the hour's write budget is spent: wait for the reset (through the retry policy's
            // bounded sleeper) instead of spending a request on a certain 429. Forget it so the retry sends.
            remaining = -1;
            throw FastlyErrors.rateLimitedBeforeSending(operation, Duration.between(now, reset));
        }
        LOG.debug("fastly {} {} {}", operation, request.method(), request.url().encodedPath());
        try (Response response = http.newCall(request).execute()) {
            track(response);
            String text = response.body().string();
            if (!response.isSuccessful()) {
                throw FastlyErrors.from(operation, response.code(), text, retryAfter(response));
            }
            return text.isBlank() ? NullNode.getInstance() : JSON.readTree(text);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw FastlyErrors.unexpected(operation, "the answer is not JSON", e);
        } catch (IOException e) {
            throw FastlyErrors.transport(operation, e);
        }
    }

    private void track(Response response) {
        String left = response.header("Fastly-RateLimit-Remaining");
        String at = response.header("Fastly-RateLimit-Reset");
        try {
            if (left != null) {
                remaining = Integer.parseInt(left.trim());
            }
            if (at != null) {
                reset = Instant.ofEpochSecond(Long.parseLong(at.trim()));
            }
        } catch (NumberFormatException ignored) {
            // a malformed header must not fail a call that succeeded
        }
    }

    /** {@code Retry-After} (seconds) first, then {@code Fastly-RateLimit-Reset} (UTC epoch seconds) on a 429. */
    private Duration retryAfter(Response response) {
        try {
            String after = response.header("Retry-After");
            if (after != null) {
                return Duration.ofSeconds(Math.max(0, Long.parseLong(after.trim())));
            }
            String at = response.header("Fastly-RateLimit-Reset");
            if (at != null && response.code() == 429) {
                Duration d = Duration.between(clock.instant(), Instant.ofEpochSecond(Long.parseLong(at.trim())));
                return d.isNegative() ? Duration.ZERO : d;
            }
        } catch (NumberFormatException ignored) {
            // fall back to the policy's own backoff
        }
        return null;
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }
}
