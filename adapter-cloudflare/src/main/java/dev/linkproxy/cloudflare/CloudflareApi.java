package dev.linkproxy.cloudflare;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.linkproxy.core.CdnException;
import dev.linkproxy.core.RetryPolicy;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.spi.Secret;
import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The thin HTTP layer: base URL, bearer token, time limits, Cloudflare's {@code success/errors/messages/result}
 * envelope, pagination, and every call through the settings' {@link RetryPolicy}. Operations are named by their
 * path template ({@code GET /zones/{zone_id}/dns_records}), so errors and logs never carry ids or the token.
 */
final class CloudflareApi implements AutoCloseable {

    /** Cloudflare's API v4 base URL. */
    static final URI DEFAULT_BASE = URI.create("https://api.cloudflare.com/client/v4");

    private static final Logger LOG = LoggerFactory.getLogger(CloudflareApi.class);
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS); // foreign rules go back unchanged
    private static final int PER_PAGE = 50;
    /** A bound on pagination, so a misbehaving endpoint cannot keep us paging for ever. */
    private static final int MAX_PAGES = 200;

    private final HttpUrl base;
    private final Secret token;
    private final RetryPolicy retry;
    private final OkHttpClient http;

    CloudflareApi(ProviderSettings settings, Secret token) {
        URI uri = settings.endpoint().orElse(DEFAULT_BASE);
        this.base = Objects.requireNonNull(HttpUrl.parse(uri.toString()), () -> "not a URL: " + uri);
        this.token = token;
        this.retry = settings.retryPolicy();
        // OkHttp's own retry is off: every retry goes through the RetryPolicy, which bounds and logs them.
        this.http = new OkHttpClient.Builder()
                .connectTimeout(settings.connectTimeout())
                .callTimeout(settings.callTimeout())
                .retryOnConnectionFailure(false)
                .followRedirects(false)
                .build();
    }

    /** One answer: its {@code result} and, for lists, its {@code result_info}. */
    record Answer(JsonNode result, JsonNode resultInfo) {
    }

    /** Starts a call of {@code method} on {@code template}, e.g. {@code "/zones/{zone_id}/dns_records"}. */
    Call call(String method, String template) {
        return new Call(method, template);
    }

    /** A call being built: path parameters in template order, query parameters, body. */
    final class Call {
        private final String method;
        private final String template;
        private final List<String> pathParams = new ArrayList<>();
        private final Map<String, String> query = new LinkedHashMap<>();
        private JsonNode body;

        private Call(String method, String template) {
            this.method = method;
            this.template = template;
        }

        /** The next {@code {…}} of the template. */
        Call path(String value) {
            pathParams.add(value);
            return this;
        }

        Call query(String name, String value) {
            query.put(name, value);
            return this;
        }

        Call body(JsonNode json) {
            this.body = json;
            return this;
        }

        /** {@code METHOD template}: the name of the operation in errors and logs. */
        String operation() {
            return method + " " + template;
        }

        /** Sends the call (retried by the policy) and returns the envelope's {@code result}. */
        JsonNode send() {
            return answer().result();
        }

        /** Sends the call and returns the envelope's {@code result} and {@code result_info}. */
        Answer answer() {
            return execute(this, query);
        }

        /**
         * Every item of a list, page by page ({@code page}, {@code per_page}), until {@code result_info} says
         * there are no more.
         */
        List<JsonNode> all() {
            List<JsonNode> items = new ArrayList<>();
            for (int page = 1; page <= MAX_PAGES; page++) {
                Map<String, String> q = new LinkedHashMap<>(query);
                q.put("page", Integer.toString(page));
                q.put("per_page", Integer.toString(PER_PAGE));
                Answer a = execute(this, q);
                if (a.result().isNull() || a.result().isMissingNode()) {
                    return items; // some lists answer "result": null when empty
                }
                if (!a.result().isArray()) {
                    throw CloudflareErrors.unexpected(operation(), 200, "result is not a list");
                }
                a.result().forEach(items::add);
                if (!hasMore(a, page)) {
                    return items;
                }
            }
            throw CloudflareErrors.unexpected(operation(), 200, "more than " + MAX_PAGES + " pages");
        }

        /** A list call the API does not paginate: every item in one answer. */
        List<JsonNode> list() {
            JsonNode result = send();
            if (result.isNull() || result.isMissingNode()) {
                return List.of(); // some lists answer "result": null when empty
            }
            if (!result.isArray()) {
                throw CloudflareErrors.unexpected(operation(), 200, "result is not a list");
            }
            List<JsonNode> items = new ArrayList<>();
            result.forEach(items::add);
            return items;
        }
    }

    private static boolean hasMore(Answer a, int page) {
        JsonNode info = a.resultInfo();
        if (info == null || info.isMissingNode() || info.isNull()) {
            return false;
        }
        if (info.has("total_pages")) {
            return page < info.path("total_pages").asInt(1);
        }
        if (info.has("total_count")) {
            return (long) page * info.path("per_page").asInt(PER_PAGE) < info.path("total_count").asLong(0);
        }
        return a.result().size() >= PER_PAGE;
    }

    private Answer execute(Call call, Map<String, String> query) {
        String operation = call.operation();
        boolean retriesUnsafe = call.method.equals("POST");
        try {
            return retry.execute(() -> {
                try {
                    return once(call, query);
                } catch (CdnException e) {
                    // A POST that failed on the server or in transit may have been carried out: a blind retry could
                    // create a second resource. Only a 429 (not carried out) is retried; the next apply looks first.
                    if (retriesUnsafe && e.kind() != CdnException.Kind.RATE_LIMITED && e.retryable()) {
                        throw new NotRetried(e);
                    }
                    throw e;
                }
            });
        } catch (NotRetried e) {
            throw e.error;
        }
    }

    /** Carries a retryable error past the retry policy, for calls that must not be repeated blindly. */
    private static final class NotRetried extends RuntimeException {
        private static final long serialVersionUID = 1L;
        private final transient CdnException error;

        NotRetried(CdnException error) {
            super(null, null, false, false);
            this.error = error;
        }
    }

    private Answer once(Call call, Map<String, String> query) {
        String operation = call.operation();
        HttpUrl.Builder url = base.newBuilder();
        int param = 0;
        for (String segment : call.template.substring(1).split("/")) {
            if (segment.startsWith("{")) {
                url.addPathSegment(call.pathParams.get(param++));
            } else {
                url.addPathSegment(segment);
            }
        }
        query.forEach(url::addQueryParameter);
        RequestBody body = call.body == null ? null : RequestBody.create(write(call.body), JSON_TYPE);
        Request request = new Request.Builder().url(url.build())
                .header("Authorization", "Bearer " + token.reveal())
                .header("Accept", "application/json")
                .method(call.method, body)
                .build();
        long start = System.nanoTime();
        try (Response response = http.newCall(request).execute()) {
            String text = response.body().string();
            // Logged by template and status only: never the URL's ids, the headers or the body.
            LOG.debug("{} -> {} in {} ms", operation, response.code(), (System.nanoTime() - start) / 1_000_000);
            JsonNode json = parse(text);
            if (!response.isSuccessful() || json == null || !json.path("success").asBoolean(false)) {
                if (response.isSuccessful() && json == null) {
                    throw CloudflareErrors.unexpected(operation, response.code(), "the answer is not JSON");
                }
                int status = response.code();
                throw CloudflareErrors.fromResponse(operation, status, json, response.header("retry-after"));
            }
            // Every call we make answers with a result. Read as "nothing there", an envelope without one would make
            // an entrypoint look empty and its PUT drop the customer's rules, or a live token look inactive.
            // A list that is empty may answer "result": null, but then with its result_info (total_count 0).
            boolean emptyList = json.has("result") && json.get("result").isNull()
                    && json.path("result_info").path("total_count").asLong(-1) == 0;
            if (emptyList) {
                return new Answer(CloudflareApi.array(), json.get("result_info"));
            }
            if (!json.hasNonNull("result")) {
                throw CloudflareErrors.unexpected(operation, response.code(), "the answer's envelope has no result");
            }
            return new Answer(json.path("result"), json.get("result_info"));
        } catch (IOException e) {
            throw CloudflareErrors.transport(operation, e);
        }
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            JsonNode node = JSON.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException notJson) {
            return null;
        }
    }

    private static String write(JsonNode body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** An empty JSON array, for building bodies. */
    static ArrayNode array() {
        return JSON.createArrayNode();
    }

    @Override
    public void close() {
        http.dispatcher().executorService().shutdown();
        http.connectionPool().evictAll();
    }

    @Override
    public String toString() {
        return "CloudflareApi[" + base + ", token redacted]";
    }
}
