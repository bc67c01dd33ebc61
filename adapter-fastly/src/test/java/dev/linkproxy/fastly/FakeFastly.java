package dev.linkproxy.fastly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * A small stateful Fastly behind WireMock: services with versions (only an unlocked, inactive version may be
 * edited, as on Fastly), domains unique across services, validation, activation, TLS subscriptions that are issued
 * after a poll, TLS configurations with DNS records, uploaded keys, certificates and activations. Faults are injected
 * per call, matched by {@code "METHOD /path"} regular expressions.
 */
final class FakeFastly implements ResponseDefinitionTransformerV2 {

    static final String TOKEN = "fastly-test-token-0123456789";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /** A service and its versions. */
    static final class Svc {
        final String id;
        String name;
        final List<Ver> versions = new ArrayList<>();

        Svc(String id, String name) {
            this.id = id;
            this.name = name;
        }

        Ver version(int n) {
            return versions.stream().filter(v -> v.number == n).findFirst().orElse(null);
        }

        Ver active() {
            return versions.stream().filter(v -> v.active).findFirst().orElse(null);
        }
    }

    /** One version of a service. */
    static final class Ver {
        int number;
        boolean active;
        boolean locked;
        /** The version this one was cloned from (0: made empty), and the version active at that moment (0: none). */
        int clonedFrom;
        int activeWhenCloned;
        /** Whether a validation passed after the last edit. */
        boolean validated;
        final Map<String, ObjectNode> domains = new LinkedHashMap<>();
        final Map<String, ObjectNode> backends = new LinkedHashMap<>();
        final Map<String, ObjectNode> snippets = new LinkedHashMap<>();
        ObjectNode settings = F.objectNode().put("general.default_ttl", 3600);

        Ver copy(int newNumber) {
            Ver v = new Ver();
            v.number = newNumber;
            domains.forEach((k, o) -> v.domains.put(k, o.deepCopy().put("version", newNumber)));
            backends.forEach((k, o) -> v.backends.put(k, o.deepCopy().put("version", newNumber)));
            snippets.forEach((k, o) -> v.snippets.put(k, o.deepCopy().put("version", newNumber)));
            v.settings = settings.deepCopy();
            return v;
        }

        ObjectNode json(String serviceId) {
            ObjectNode o = F.objectNode().put("number", number).put("active", active).put("locked", locked)
                    .put("service_id", serviceId);
            o.putArray("domains").addAll(domains.values());
            o.putArray("backends").addAll(backends.values());
            o.putArray("snippets").addAll(snippets.values());
            o.set("settings", settings);
            return o;
        }
    }

    private record Fault0(Pattern call, int status, Map<String, String> headers, boolean drop, int[] left) {
    }

    final Map<String, Svc> services = new LinkedHashMap<>();
    final Map<String, ObjectNode> subscriptions = new LinkedHashMap<>();
    final Map<String, ObjectNode> certificates = new LinkedHashMap<>();
    final Map<String, ObjectNode> activations = new LinkedHashMap<>();
    final List<String> privateKeyNames = new ArrayList<>();
    /** Uploaded private keys as Fastly lists them. */
    final List<ObjectNode> privateKeys = new ArrayList<>();
    /** Every subscription PATCH body received. */
    final List<JsonNode> patches = new ArrayList<>();
    /** When set, the next subscription PATCH is refused with this detail (400). */
    String patchRefusal;
    /** TLS configurations listed after the default one: {id, CNAME, default}. */
    final List<String[]> extraConfigurations = new ArrayList<>();
    private final List<Fault0> faults = new ArrayList<>();
    private final Map<String, Integer> subscriptionPolls = new LinkedHashMap<>();
    private String requiredToken = TOKEN;
    private int nextId = 1;
    private String invalidDraftMessage;
    private Supplier<Long> epochSeconds = () -> 1_767_225_600L;
    private Integer rateLimitRemaining;
    /** GETs of one subscription before it is issued. */
    int pollsUntilIssued = 1;
    private int requestCount;
    private int injectAt;
    private Injected injection;
    /** Every activation the fake carried out, in order, with the version's configuration at that moment. */
    final List<Activation> activationLog = new ArrayList<>();

    /** A fault the fault matrix injects at one request. */
    enum Injected {
        /** 429 with {@code Retry-After: 1}; nothing is carried out. */
        RATE_LIMITED("429"),
        /** 500; nothing is carried out. */
        SERVER_500("500"),
        /** 503; nothing is carried out. */
        SERVER_503("503"),
        /** The connection is reset before anything is carried out. */
        RESET("reset"),
        /** Carried out, but the answer comes after {@link #TIMEOUT_DELAY_MS}: past a short call timeout. */
        TIMEOUT("timeout"),
        /** Carried out, then answered 200 with the answer's first half only (not JSON). */
        MALFORMED("malformed"),
        /** Carried out, then the connection is reset: the answer is lost. */
        LOST("lost");

        final String label;

        Injected(String label) {
            this.label = label;
        }
    }

    static final int TIMEOUT_DELAY_MS = 4000;

    /** An activation: the service, the version, and the version as it was when activated. */
    record Activation(String serviceId, int version, ObjectNode config, boolean validated, int clonedFrom,
                      int activeWhenCloned) {
    }

    // ------------------------------------------------------------------------------------------- faults

    /** The next {@code times} calls matching {@code call} (e.g. {@code "PUT .*\/activate"}) answer {@code status}. */
    synchronized FakeFastly fail(String call, int status, int times, Map<String, String> headers) {
        faults.add(new Fault0(Pattern.compile(call), status, headers, false, new int[] {times}));
        return this;
    }

    synchronized FakeFastly fail(String call, int status) {
        return fail(call, status, 1, Map.of());
    }

    /** Every call from now on answers {@code status}. */
    synchronized FakeFastly failEverything(int status, Map<String, String> headers) {
        return fail(".*", status, Integer.MAX_VALUE, headers);
    }

    /** The next call matching {@code call} is carried out, then the connection drops before the answer. */
    synchronized FakeFastly dropAnswer(String call) {
        faults.add(new Fault0(Pattern.compile(call), 0, Map.of(), true, new int[] {1}));
        return this;
    }

    /**
     * Counts requests from now on (those with a valid token); the {@code k}-th (1-based) meets {@code what}, once.
     * {@code k = 0} injects nothing (and still counts).
     */
    synchronized FakeFastly injectAt(int k, Injected what) {
        requestCount = 0;
        injectAt = k;
        injection = what;
        return this;
    }

    /** Requests counted since {@link #injectAt}. */
    synchronized int requestCount() {
        return requestCount;
    }

    /** The next validation answers {@code status: error} with this message. */
    synchronized FakeFastly invalidateNextDraft(String message) {
        this.invalidDraftMessage = message;
        return this;
    }

    synchronized FakeFastly requireToken(String token) {
        this.requiredToken = token;
        return this;
    }

    /** Writes answer with {@code Fastly-RateLimit-Remaining: remaining}. */
    synchronized FakeFastly rateLimitRemaining(int remaining) {
        this.rateLimitRemaining = remaining;
        return this;
    }

    synchronized FakeFastly clock(Supplier<Long> epochSeconds) {
        this.epochSeconds = epochSeconds;
        return this;
    }

    long now() {
        return epochSeconds.get();
    }

    // ------------------------------------------------------------------------------------------- state

    synchronized Svc service(String id) {
        return services.get(id);
    }

    synchronized Svc onlyService() {
        if (services.size() != 1) {
            throw new AssertionError("expected one service, have " + services.keySet());
        }
        return services.values().iterator().next();
    }

    /** Makes a service by hand, as a person would in the console: active version 1 with these domains. */
    synchronized Svc handMadeService(String name, String... domains) {
        Svc s = new Svc("svc-hand-" + nextId++, name);
        Ver v = new Ver();
        v.number = 1;
        v.active = true;
        v.locked = true;
        for (String d : domains) {
            v.domains.put(d, F.objectNode().put("name", d).put("comment", "").put("version", 1).put("service_id", s.id));
        }
        s.versions.add(v);
        services.put(s.id, s);
        return s;
    }

    // ------------------------------------------------------------------------------------------- HTTP

    @Override
    public String getName() {
        return "fake-fastly";
    }

    @Override
    public boolean applyGlobally() {
        return true;
    }

    @Override
    public synchronized ResponseDefinition transform(ServeEvent event) {
        if (event.getStubMapping() != null && event.getStubMapping().getMetadata() != null
                && event.getStubMapping().getMetadata().containsKey("recorded")) {
            return event.getResponseDefinition(); // a recorded answer, served verbatim
        }
        Request req = event.getRequest();
        URI uri = URI.create(req.getUrl());
        String method = req.getMethod().getName();
        String path = uri.getRawPath();
        Map<String, String> query = decode(uri.getRawQuery());
        String call = method + " " + path;
        if (!Objects.equals(requiredToken, req.getHeader("Fastly-Key"))) {
            return answer(401, obj("msg", "Provided credentials are missing or invalid"), Map.of());
        }
        String contentType = req.getHeader("Content-Type");
        if (path.startsWith("/tls/") && !method.equals("GET") && !method.equals("DELETE")
                && !"application/vnd.api+json".equals(contentType)) {
            // JSON:API 1.0: a server MUST answer 415 when the media type is not exactly the JSON:API one.
            return answer(415, jsonApiError("Unsupported Media Type", "Content-Type must be application/vnd.api+json"),
                    Map.of());
        }
        if (method.equals("PATCH") && path.startsWith("/tls/subscriptions/") && !"true".equals(query.get("force"))) {
            // go-fastly tls_subscription.go: subscriptions "can only be updated … when Force=true".
            return answer(400, jsonApiError("Bad Request", "Subscription update requires force=true"), Map.of());
        }
        boolean fire = ++requestCount == injectAt && injection != null;
        if (fire) {
            switch (injection) {
                case RATE_LIMITED -> {
                    return answer(429, obj("msg", "Too many requests"), Map.of("Retry-After", "1"));
                }
                case SERVER_500 -> {
                    return answer(500, obj("msg", "Internal Server Error"), Map.of());
                }
                case SERVER_503 -> {
                    return answer(503, obj("msg", "Service Unavailable"), Map.of());
                }
                case RESET -> {
                    return new ResponseDefinitionBuilder().withFault(Fault.CONNECTION_RESET_BY_PEER).build();
                }
                default -> { } // carried out first, below
            }
        }
        Fault0 drop = null;
        for (Fault0 f : faults) {
            if (f.left()[0] > 0 && f.call().matcher(call).matches()) {
                f.left()[0]--;
                if (!f.drop()) {
                    JsonNode body = f.status() >= 500 ? obj("msg", "Internal Server Error")
                            : f.status() == 429 ? obj("msg", "Too many requests") : obj("msg", "injected " + f.status());
                    return answer(f.status(), body, f.headers());
                }
                drop = f;
                break;
            }
        }
        Map<String, String> form = req.contentTypeHeader().mimeTypePart() != null
                && req.contentTypeHeader().mimeTypePart().startsWith("application/x-www-form-urlencoded")
                ? decode(req.getBodyAsString()) : Map.of();
        JsonNode body = null;
        if (req.contentTypeHeader().mimeTypePart() != null && req.contentTypeHeader().mimeTypePart().contains("json")) {
            try {
                body = JSON.readTree(req.getBodyAsString());
            } catch (Exception e) {
                return answer(400, obj("msg", "bad JSON"), Map.of());
            }
        }
        Object[] result;
        try {
            result = route(method, path.substring(1).split("/"), query, form, body);
        } catch (Answer a) {
            result = new Object[] {a.status, a.body};
        }
        if (drop != null || fire && injection == Injected.LOST) {
            return new ResponseDefinitionBuilder().withFault(Fault.CONNECTION_RESET_BY_PEER).build();
        }
        Map<String, String> headers = new LinkedHashMap<>();
        if (!method.equals("GET")) {
            headers.put("Fastly-RateLimit-Remaining", Integer.toString(rateLimitRemaining == null ? 900 : rateLimitRemaining));
            headers.put("Fastly-RateLimit-Reset", Long.toString(now() + 30));
        }
        if (fire && injection == Injected.MALFORMED) {
            String text = result[1].toString();
            return new ResponseDefinitionBuilder().withStatus(200).withHeader("Content-Type", "application/json")
                    .withBody(text.substring(0, text.length() / 2)).build();
        }
        ResponseDefinition answer = answer((Integer) result[0], (JsonNode) result[1], headers);
        if (fire && injection == Injected.TIMEOUT) {
            return ResponseDefinitionBuilder.like(answer).withFixedDelay(TIMEOUT_DELAY_MS).build();
        }
        return answer;
    }

    private static final class Answer extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final int status;
        final transient JsonNode body;

        Answer(int status, String msg) {
            super(msg, null, false, false);
            this.status = status;
            this.body = obj("msg", msg);
        }
    }

    private Object[] route(String m, String[] p, Map<String, String> q, Map<String, String> form, JsonNode body) {
        if (p[0].equals("service")) {
            return service(m, p, q, form);
        }
        if (p[0].equals("tls")) {
            return tls(m, p, q, body);
        }
        throw new Answer(404, "no such endpoint");
    }

    private Object[] service(String m, String[] p, Map<String, String> q, Map<String, String> form) {
        if (p.length == 1 && m.equals("GET")) {
            int page = Integer.parseInt(q.getOrDefault("page", "1"));
            int per = Integer.parseInt(q.getOrDefault("per_page", "20"));
            ArrayNode out = F.arrayNode();
            services.values().stream().skip((long) (page - 1) * per).limit(per).forEach(s -> out.add(serviceJson(s)));
            return ok(out);
        }
        if (p.length == 1 && m.equals("POST")) {
            Svc s = new Svc("svc" + nextId++, form.get("name"));
            Ver v = new Ver();
            v.number = 1;
            s.versions.add(v);
            services.put(s.id, s);
            return ok(serviceJson(s));
        }
        if (p.length == 2 && p[1].equals("search") && m.equals("GET")) {
            return services.values().stream().filter(s -> s.name.equals(q.get("name"))).findFirst()
                    .map(s -> ok(serviceJson(s))).orElseThrow(() -> new Answer(404, "Record not found"));
        }
        Svc s = services.get(p[1]);
        if (s == null) {
            throw new Answer(404, "Record not found");
        }
        if (p.length == 2 && m.equals("DELETE")) {
            if (s.active() != null) {
                throw new Answer(400, "Cannot delete an active service");
            }
            services.remove(s.id);
            return ok(obj("status", "ok"));
        }
        if (p.length == 3 && p[2].equals("details") && m.equals("GET")) {
            ObjectNode d = serviceJson(s);
            d.set("active_version", s.active() == null ? null : s.active().json(s.id));
            d.set("version", s.versions.get(s.versions.size() - 1).json(s.id));
            return ok(d);
        }
        if (p.length == 3 && p[2].equals("version")) {
            if (m.equals("GET")) {
                ArrayNode out = F.arrayNode();
                s.versions.forEach(v -> out.add(versionJson(s, v)));
                return ok(out);
            }
            if (m.equals("POST")) {
                Ver v = new Ver();
                v.number = s.versions.size() + 1;
                s.versions.add(v);
                return ok(versionJson(s, v));
            }
        }
        Ver v = s.version(Integer.parseInt(p[3]));
        if (v == null) {
            throw new Answer(404, "Record not found");
        }
        if (p.length == 4 && m.equals("GET")) {
            return ok(versionJson(s, v));
        }
        String what = p[4];
        if (p.length == 5 && m.equals("PUT")) {
            switch (what) {
                case "clone" -> {
                    Ver c = v.copy(s.versions.size() + 1);
                    c.clonedFrom = v.number;
                    c.activeWhenCloned = s.active() == null ? 0 : s.active().number;
                    s.versions.add(c);
                    return ok(versionJson(s, c));
                }
                case "activate" -> {
                    s.versions.forEach(x -> x.active = false);
                    v.active = true;
                    v.locked = true;
                    activationLog.add(new Activation(s.id, v.number, v.json(s.id).deepCopy(), v.validated, v.clonedFrom,
                            v.activeWhenCloned));
                    return ok(versionJson(s, v));
                }
                case "lock" -> {
                    v.locked = true;
                    return ok(versionJson(s, v));
                }
                default -> { }
            }
        }
        if (p.length == 5 && what.equals("validate") && m.equals("GET")) {
            if (invalidDraftMessage != null) {
                ObjectNode o = obj("status", "error");
                o.put("msg", "Version has errors");
                o.putArray("errors").add(invalidDraftMessage);
                invalidDraftMessage = null;
                return ok(o);
            }
            v.validated = true;
            return ok(obj("status", "ok"));
        }
        boolean editing = !m.equals("GET");
        if (editing && (v.active || v.locked)) {
            throw new Answer(400, "Version " + v.number + " is locked and cannot be edited");
        }
        if (editing) {
            v.validated = false;
        }
        if (what.equals("settings")) {
            if (m.equals("PUT")) {
                form.forEach(v.settings::put);
            }
            return ok(v.settings);
        }
        Map<String, ObjectNode> list = switch (what) {
            case "domain" -> v.domains;
            case "backend" -> v.backends;
            case "snippet" -> v.snippets;
            default -> throw new Answer(404, "no such endpoint");
        };
        if (p.length == 5 && m.equals("GET")) {
            ArrayNode out = F.arrayNode();
            list.values().forEach(out::add);
            return ok(out);
        }
        if (p.length == 5 && m.equals("POST")) {
            String name = form.get("name");
            if (list.containsKey(name)) {
                throw new Answer(409, "Duplicate record");
            }
            if (what.equals("domain")) {
                for (Svc other : services.values()) {
                    if (other != s && other.versions.stream().anyMatch(x -> x.domains.containsKey(name))) {
                        throw new Answer(400, "'" + name + "' is already taken by another customer");
                    }
                }
            }
            ObjectNode o = F.objectNode();
            if (what.equals("backend")) {
                o.putNull("override_host");
                o.put("connect_timeout", 1000);
            }
            form.forEach(o::put);
            o.put("version", v.number).put("service_id", s.id);
            list.put(name, o);
            return ok(o);
        }
        ObjectNode o = list.get(p[5]);
        if (o == null) {
            throw new Answer(404, "Record not found");
        }
        switch (m) {
            case "GET":
                return ok(o);
            case "DELETE":
                list.remove(p[5]);
                return ok(obj("status", "ok"));
            case "PUT":
                form.forEach((k, val) -> {
                    if (val.isEmpty()) {
                        o.putNull(k);
                    } else {
                        o.put(k, val);
                    }
                });
                return ok(o);
            default:
                throw new Answer(405, "method not allowed");
        }
    }

    private Object[] tls(String m, String[] p, Map<String, String> q, JsonNode body) {
        String what = p[1];
        switch (what) {
            case "configurations" -> {
                // The configuration as recorded (fixtures/custom_tls_configuration/get.yaml), with its CNAME record
                // named as the subscription's managed-http-cname challenge names it (fixtures/tls_subscription/
                // update.yaml): assembled, since no recording lists a CNAME dns_record. No dualstack record.
                int number = Integer.parseInt(q.getOrDefault("page[number]", "1"));
                int size = Integer.parseInt(q.getOrDefault("page[size]", "20"));
                List<String[]> all = new ArrayList<>(extraConfigurations);
                all.add(0, new String[] {"cfg-default", "t.sni.global.fastly.net", "true"});
                ObjectNode page = F.objectNode();
                ArrayNode data = page.putArray("data");
                ArrayNode inc = page.putArray("included");
                all.stream().skip((long) (number - 1) * size).limit(size).forEach(cfg -> {
                    ObjectNode c = data.addObject().put("id", cfg[0]).put("type", "tls_configuration");
                    c.putObject("attributes").put("bulk", false).put("default", Boolean.parseBoolean(cfg[2]))
                            .put("name", cfg[0].equals("cfg-default") ? "My configuration" : cfg[0]);
                    ArrayNode refs = c.putObject("relationships").putObject("dns_records").putArray("data");
                    for (String[] r : new String[][] {{cfg[1], "CNAME"}, {"151.101.2.1", "A"}}) {
                        refs.addObject().put("id", r[0]).put("type", "dns_record");
                        inc.addObject().put("id", r[0]).put("type", "dns_record").putObject("attributes")
                                .put("record_type", r[1]).put("region", "global");
                    }
                });
                int pages = Math.max(1, (all.size() + size - 1) / size);
                page.putObject("meta").put("current_page", number).put("per_page", size)
                        .put("record_count", all.size()).put("total_pages", pages);
                return ok(page);
            }
            case "subscriptions" -> {
                if (p.length == 2 && m.equals("POST")) {
                    String id = "sub-" + nextId++;
                    ObjectNode data = body.path("data").deepCopy();
                    data.put("id", id);
                    ((ObjectNode) data.path("attributes")).put("state", "pending");
                    subscriptions.put(id, data);
                    return new Object[] {201, F.objectNode().set("data", data)};
                }
                if (p.length == 2 && m.equals("GET")) {
                    String domain = q.get("filter[tls_domains.id]");
                    ObjectNode page = F.objectNode();
                    ArrayNode data = page.putArray("data");
                    ArrayNode inc = page.putArray("included");
                    subscriptions.values().stream().filter(s -> domain == null || domainsOf(s).contains(domain))
                            .forEach(s -> {
                                data.add(s);
                                if ("tls_authorizations".equals(q.get("include"))) {
                                    authorizations(s).forEach(inc::add);
                                }
                            });
                    return ok(page);
                }
                ObjectNode s = subscriptions.get(p[2]);
                if (s == null) {
                    throw new Answer(404, "Record not found");
                }
                if (m.equals("PATCH")) {
                    if (patchRefusal != null) {
                        String why = patchRefusal;
                        patchRefusal = null;
                        throw new Answer(400, why);
                    }
                    patches.add(body.deepCopy());
                    ObjectNode rel = s.withObjectProperty("relationships");
                    rel.set("tls_domains", body.at("/data/relationships/tls_domains"));
                    if (body.at("/data/relationships/common_name").isObject()) {
                        rel.set("common_name", body.at("/data/relationships/common_name"));
                    }
                    if (body.at("/data/relationships/tls_configuration").isObject()) {
                        rel.set("tls_configuration", body.at("/data/relationships/tls_configuration"));
                    }
                    ((ObjectNode) s.path("attributes")).put("state", "pending");
                    return ok(F.objectNode().set("data", s));
                }
                int polls = subscriptionPolls.merge(s.path("id").asText(), 1, Integer::sum);
                if (polls >= pollsUntilIssued) {
                    ((ObjectNode) s.path("attributes")).put("state", "issued");
                } else {
                    ((ObjectNode) s.path("attributes")).put("state", "processing");
                }
                ObjectNode page = F.objectNode().set("data", s);
                page.putArray("included").addAll(authorizations(s));
                return ok(page);
            }
            case "private_keys" -> {
                if (m.equals("GET")) {
                    ObjectNode page = F.objectNode();
                    ArrayNode data = page.putArray("data");
                    privateKeys.forEach(data::add);
                    page.putObject("meta").put("current_page", 1).put("per_page", 100)
                            .put("record_count", privateKeys.size()).put("total_pages", 1);
                    return ok(page);
                }
                String key = body.at("/data/attributes/key").asText();
                if (!key.contains("PRIVATE KEY")) {
                    throw new Answer(400, "not a private key");
                }
                String sha1 = publicKeySha1(key);
                if (privateKeys.stream().anyMatch(k -> k.at("/attributes/public_key_sha1").asText().equals(sha1))) {
                    throw new Answer(409, "Key already exists");
                }
                privateKeyNames.add(body.at("/data/attributes/name").asText());
                // As recorded (fixtures/custom_tls/create-key.yaml): 201 with key_length, key_type, public_key_sha1.
                ObjectNode k = obj("id", "key-" + nextId++).put("type", "tls_private_key");
                k.putObject("attributes").put("key_length", 2048).put("key_type", "RSA")
                        .put("name", body.at("/data/attributes/name").asText()).putNull("created_at")
                        .put("replace", false).put("public_key_sha1", sha1);
                privateKeys.add(k);
                return new Object[] {201, F.objectNode().set("data", k)};
            }
            case "certificates" -> {
                if (m.equals("POST")) {
                    String id = "cert-" + nextId++;
                    X509Certificate x = parse(body.at("/data/attributes/cert_blob").asText());
                    ObjectNode c = obj("id", id).put("type", "tls_certificate");
                    c.putObject("attributes").put("serial_number", x.getSerialNumber().toString())
                            .put("name", body.at("/data/attributes/name").asText());
                    ArrayNode ds = c.putObject("relationships").putObject("tls_domains").putArray("data");
                    sans(x).forEach(d -> ds.addObject().put("id", d).put("type", "tls_domain"));
                    certificates.put(id, c);
                    return ok(F.objectNode().set("data", c));
                }
                String domain = q.get("filter[tls_domains.id]");
                ObjectNode page = F.objectNode();
                ArrayNode data = page.putArray("data");
                certificates.values().stream().filter(c -> domain == null || domainsOf(c).contains(domain)).forEach(data::add);
                return ok(page);
            }
            case "activations" -> {
                if (p.length == 2 && m.equals("POST")) {
                    String id = "act-" + nextId++;
                    ObjectNode a = obj("id", id).put("type", "tls_activation");
                    a.set("relationships", body.at("/data/relationships"));
                    activations.put(id, a);
                    return ok(F.objectNode().set("data", a));
                }
                if (p.length == 2 && m.equals("GET")) {
                    String domain = q.get("filter[tls_domain.id]");
                    ObjectNode page = F.objectNode();
                    ArrayNode data = page.putArray("data");
                    ArrayNode inc = page.putArray("included");
                    activations.values().stream()
                            .filter(a -> domain == null || a.at("/relationships/tls_domain/data/id").asText().equals(domain))
                            .forEach(a -> {
                                data.add(a);
                                ObjectNode c = certificates.get(a.at("/relationships/tls_certificate/data/id").asText());
                                if (c != null && "tls_certificate".equals(q.get("include"))) {
                                    inc.add(c);
                                }
                            });
                    return ok(page);
                }
                ObjectNode a = activations.get(p[2]);
                if (a == null) {
                    throw new Answer(404, "Record not found");
                }
                ((ObjectNode) a.path("relationships")).set("tls_certificate", body.at("/data/relationships/tls_certificate"));
                return ok(F.objectNode().set("data", a));
            }
            default -> throw new Answer(404, "no such endpoint");
        }
    }

    /** SHA-1 of the key's public half in PEM form (what Fastly reports; see FastlyClient.publicKeySha1). */
    private static String publicKeySha1(String privatePem) {
        try {
            String b64 = privatePem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            byte[] der = java.util.Base64.getDecoder().decode(b64);
            java.security.PrivateKey pk;
            java.security.KeyFactory kf = java.security.KeyFactory.getInstance("RSA");
            if (privatePem.contains("BEGIN RSA PRIVATE KEY")) {
                throw new Answer(400, "the fake reads PKCS#8 keys only");
            }
            pk = kf.generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(der));
            var crt = (java.security.interfaces.RSAPrivateCrtKey) pk;
            var pub = kf.generatePublic(new java.security.spec.RSAPublicKeySpec(crt.getModulus(), crt.getPublicExponent()));
            String pem = "-----BEGIN PUBLIC KEY-----\n"
                    + java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(pub.getEncoded())
                    + "\n-----END PUBLIC KEY-----\n";
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-1")
                    .digest(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.GeneralSecurityException | IllegalArgumentException e) {
            throw new Answer(400, "not a private key");
        }
    }

    private static List<ObjectNode> authorizations(ObjectNode sub) {
        List<ObjectNode> out = new ArrayList<>();
        for (String d : domainsOf(sub)) {
            ObjectNode a = obj("id", "auth-" + d).put("type", "tls_authorization");
            ArrayNode cs = a.putObject("attributes").put("state", "pending").putArray("challenges");
            cs.addObject().put("type", "managed-dns").put("record_type", "CNAME").put("record_name", "_acme-challenge." + d)
                    .putArray("values").add(d.replace('.', '-') + ".fastly-validations.com");
            cs.addObject().put("type", "managed-http-cname").put("record_type", "CNAME").put("record_name", d)
                    .putArray("values").add("t.sni.global.fastly.net");
            out.add(a);
        }
        return out;
    }

    static List<String> domainsOf(JsonNode tlsObject) {
        List<String> out = new ArrayList<>();
        tlsObject.at("/relationships/tls_domains/data").forEach(d -> out.add(d.path("id").asText()));
        return out;
    }

    private static X509Certificate parse(String pem) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
        } catch (Exception e) {
            throw new Answer(400, "cert_blob is not a certificate");
        }
    }

    private static List<String> sans(X509Certificate x) {
        List<String> out = new ArrayList<>();
        try {
            if (x.getSubjectAlternativeNames() != null) {
                x.getSubjectAlternativeNames().forEach(san -> out.add(String.valueOf(san.get(1))));
            }
        } catch (Exception e) {
            throw new Answer(400, "bad SANs");
        }
        return out;
    }

    private ObjectNode serviceJson(Svc s) {
        ObjectNode o = obj("id", s.id).put("name", s.name).put("type", "vcl");
        // As recorded (fixtures/services/list.yaml): the latest version when none is active.
        o.put("version", s.active() == null ? s.versions.get(s.versions.size() - 1).number : s.active().number);
        ArrayNode vs = o.putArray("versions");
        s.versions.forEach(v -> vs.add(versionJson(s, v)));
        return o;
    }

    private static ObjectNode versionJson(Svc s, Ver v) {
        return obj("service_id", s.id).put("number", v.number).put("active", v.active).put("locked", v.locked);
    }

    private static ObjectNode jsonApiError(String title, String detail) {
        ObjectNode o = F.objectNode();
        o.putArray("errors").addObject().put("title", title).put("detail", detail);
        return o;
    }

    private static ObjectNode obj(String k, String v) {
        return F.objectNode().put(k, v);
    }

    private static Object[] ok(JsonNode body) {
        return new Object[] {200, body};
    }

    private static ResponseDefinition answer(int status, JsonNode body, Map<String, String> headers) {
        ResponseDefinitionBuilder b = new ResponseDefinitionBuilder().withStatus(status)
                .withHeader("Content-Type", "application/json").withBody(body.toString());
        headers.forEach(b::withHeader);
        return b.build();
    }

    static Map<String, String> decode(String raw) {
        Map<String, String> out = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return out;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }
}
