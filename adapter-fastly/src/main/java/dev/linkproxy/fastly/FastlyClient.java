package dev.linkproxy.fastly;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.linkproxy.core.CdnException;
import dev.linkproxy.core.CertificateFiles;
import dev.linkproxy.core.CertificateSource;
import dev.linkproxy.core.LinkProxyException;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.RetryPolicy;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.CertificateOrder;
import dev.linkproxy.core.spi.Change;
import dev.linkproxy.core.spi.CutoverTarget;
import dev.linkproxy.core.spi.Deployment;
import dev.linkproxy.core.spi.NativeConfig;
import dev.linkproxy.core.spi.Plan;
import dev.linkproxy.core.spi.Progress;
import dev.linkproxy.core.spi.ProgressEvent;
import dev.linkproxy.core.spi.RecordSet;
import dev.linkproxy.fastly.FastlyDiff.Edit;
import dev.linkproxy.fastly.FastlyDiff.TlsLive;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;

/**
 * A Fastly account. Every change to a service goes through a draft version: created with the service, or cloned
 * from the <em>active</em> version (never from the latest, which may be someone's half-edited draft:
 * fastly/terraform-provider-fastly#418), edited, validated, then activated. When anything fails before activation
 * the active version keeps serving and the error names the draft.
 *
 * <p>Calls, in the order made: {@code find} is {@code GET /service/search?name=} (then, when the name is not found or
 * serves none of the link domains, {@code GET /service} page by page with {@code GET …/version/{v}/domain} per
 * service) and {@code GET /service/{id}/details}, plus the TLS reads ({@code GET /tls/subscriptions} or
 * {@code /tls/activations}, and {@code GET /tls/configurations?include=dns_records} for the cutover target).
 */
final class FastlyClient implements CdnClient {

    /**
     * Client options read from the settings.
     *
     * @param certificateAuthority CA of a new TLS subscription
     * @param removeFailedDraft    whether to remove what a failed attempt made (see {@link FastlyProvider#settings()})
     * @param pollInterval         time between polls in {@link #await}
     */
    record Options(String certificateAuthority, boolean removeFailedDraft, Duration pollInterval) {
    }

    /**
     * A service found for the link domains.
     *
     * @param serviceId     its id
     * @param name          its name
     * @param activeVersion the active version's number, 0 when none was ever activated
     * @param latestVersion the highest version number
     * @param active        the active version with its domains, backends, snippets and settings; null when none
     */
    record Live(String serviceId, String name, int activeVersion, int latestVersion, JsonNode active) {
    }

    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final int PAGE = 100;
    private static final String V = "/service/{service_id}/version/{version_id}";

    private final FastlyApi api;
    private final Options options;
    private final Clock clock;
    private final RetryPolicy.Sleeper sleeper;

    FastlyClient(FastlyApi api, Options options, Clock clock, RetryPolicy.Sleeper sleeper) {
        this.api = api;
        this.options = options;
        this.clock = clock;
        this.sleeper = sleeper;
    }

    // ---------------------------------------------------------------------------------------------- find

    /** The service serving the link domains, with its TLS state and cutover target. Reads only. */
    /**
     * The CAA issuer domain of the TLS subscription's CA (Fastly's {@code certificate_authority}: certainly,
     * lets-encrypt, globalsign), for {@code certificate: managed}; none for an uploaded certificate.
     */
    @Override
    public List<String> certificateAuthorities(LinkProxySpec spec) {
        return spec.certificate() instanceof CertificateSource.Managed ? List.of(caaIssuer()) : List.of();
    }

    private String caaIssuer() {
        return switch (options.certificateAuthority()) {
            case "lets-encrypt" -> "letsencrypt.org";
            case "globalsign" -> "globalsign.com";
            default -> "certainly.com";
        };
    }

    @Override
    public Optional<Deployment> find(LinkProxySpec spec) {
        NativeConfig rendered = FastlyRenderer.render(spec, options.certificateAuthority());
        Optional<Live> live = locate(spec);
        if (live.isEmpty()) {
            return Optional.empty();
        }
        TlsLive tls = readTls(spec, rendered.config().path("tls"));
        return Optional.of(deployment(live.get().serviceId(), live.get().activeVersion(), servedDomains(spec, live.get()),
                tls, rendered.config().path("tls")));
    }

    private Optional<Live> locate(LinkProxySpec spec) {
        Optional<JsonNode> named = api.find("SearchService", "/service/search",
                Map.of("name", FastlyRenderer.serviceName(spec)));
        Live byName = named.map(s -> details(s.path("id").asText())).orElse(null);
        if (byName != null && (byName.activeVersion() == 0 || servesAny(byName.active(), spec))) {
            return Optional.of(byName);
        }
        // Not under linkproxy's name (made by hand, or renamed): look for the service serving a link domain.
        for (int page = 1; ; page++) {
            JsonNode services = api.get("ListServices", "/service",
                    Map.of("page", Integer.toString(page), "per_page", Integer.toString(PAGE)));
            for (JsonNode s : services) {
                int active = activeVersionOf(s);
                if (active == 0) {
                    continue;
                }
                JsonNode domains = api.get("ListDomains", V + "/domain", Map.of(), s.path("id").asText(),
                        Integer.toString(active));
                for (JsonNode d : domains) {
                    if (spec.linkDomains().contains(d.path("name").asText())) {
                        return Optional.of(details(s.path("id").asText()));
                    }
                }
            }
            if (services.size() < PAGE) {
                return Optional.ofNullable(byName);
            }
        }
    }

    private Live details(String serviceId) {
        JsonNode d = api.get("GetServiceDetail", "/service/{service_id}/details", Map.of(), serviceId);
        JsonNode active = d.path("active_version");
        int latest = 0;
        for (JsonNode v : d.path("versions")) {
            latest = Math.max(latest, v.path("number").asInt());
        }
        boolean hasActive = active.isObject() && active.path("number").asInt() > 0;
        return new Live(serviceId, d.path("name").asText(), hasActive ? active.path("number").asInt() : 0,
                Math.max(latest, d.path("version").path("number").asInt()), hasActive ? active : null);
    }

    /**
     * The active version of a listed service, 0 when none: in {@code GET /service} the {@code version} field is the
     * latest version when the service has no active one (16 of 258 recorded services), so it is not used; a
     * never-activated draft is never taken for the live service.
     */
    private static int activeVersionOf(JsonNode service) {
        for (JsonNode v : service.path("versions")) {
            if (v.path("active").asBoolean()) {
                return v.path("number").asInt();
            }
        }
        return 0;
    }

    private static boolean servesAny(JsonNode version, LinkProxySpec spec) {
        for (JsonNode d : version.path("domains")) {
            if (spec.linkDomains().contains(d.path("name").asText())) {
                return true;
            }
        }
        return false;
    }

    /** The link domains the live service serves, in the spec's order, then others linkproxy added. */
    private static List<String> servedDomains(LinkProxySpec spec, Live live) {
        Set<String> onService = new TreeSet<>();
        if (live.active() != null) {
            live.active().path("domains").forEach(d -> onService.add(d.path("name").asText()));
        }
        List<String> out = new ArrayList<>(spec.linkDomains().stream().filter(onService::contains).toList());
        onService.stream().filter(d -> !out.contains(d)).forEach(out::add);
        return out;
    }

    private TlsLive readTls(LinkProxySpec spec, JsonNode wantedTls) {
        String first = spec.linkDomains().get(0);
        String subscriptionId = null;
        String state = "";
        String configurationId = null;
        String commonName = null;
        List<String> httpCnames = new ArrayList<>();
        List<String> subDomains = new ArrayList<>();
        List<String> challenges = new ArrayList<>();
        Map<String, String> activations = new LinkedHashMap<>();
        Map<String, String> activationIds = new LinkedHashMap<>();
        Map<String, String> certificateIds = new LinkedHashMap<>();
        if (spec.certificate() instanceof CertificateSource.Pem) {
            for (String d : spec.linkDomains()) {
                JsonNode page = api.get("ListTlsActivations", "/tls/activations",
                        Map.of("filter[tls_domain.id]", d, "include", "tls_certificate"));
                for (JsonNode a : page.path("data")) {
                    String certId = a.at("/relationships/tls_certificate/data/id").asText();
                    activations.put(d, included(page, "tls_certificate", certId).at("/attributes/serial_number").asText());
                    activationIds.put(d, a.path("id").asText());
                    configurationId = a.at("/relationships/tls_configuration/data/id").asText(null);
                }
            }
            JsonNode certs = api.get("ListTlsCerts", "/tls/certificates", Map.of("filter[tls_domains.id]", first));
            for (JsonNode c : certs.path("data")) {
                certificateIds.put(c.at("/attributes/serial_number").asText(), c.path("id").asText());
            }
            state = activations.keySet().containsAll(spec.linkDomains()) ? "activated" : "not activated";
        } else {
            JsonNode page = api.get("ListTlsSubs", "/tls/subscriptions",
                    Map.of("filter[tls_domains.id]", first, "include", "tls_authorizations"));
            for (JsonNode s : page.path("data")) {
                subscriptionId = s.path("id").asText();
                state = s.at("/attributes/state").asText();
                s.at("/relationships/tls_domains/data").forEach(d -> subDomains.add(d.path("id").asText()));
                configurationId = s.at("/relationships/tls_configuration/data/id").asText(null);
                commonName = s.at("/relationships/common_name/data/id").asText(null);
                challenges.addAll(challenges(page));
                httpCnames.addAll(httpCnameTargets(page));
                break;
            }
        }
        JsonNode configs = configurations();
        JsonNode config = pickConfiguration(configs, configurationId);
        List<String> notes = new ArrayList<>();
        String target = config == null ? "" : cutoverTarget(configs, config, wantedTls.path("dns_record"), notes);
        if (!target.isEmpty() && !httpCnames.isEmpty() && !httpCnames.contains(target)
                && !httpCnames.contains(target.replaceFirst("^dualstack\\.", ""))) {
            notes.add("the TLS configuration's CNAME " + target + " differs from the subscription's own challenge "
                    + "target " + String.join(", ", httpCnames) + "; check the configuration the subscription uses");
        }
        return new TlsLive(subscriptionId, state, subDomains, challenges,
                config == null ? null : config.path("id").asText(), target, activations, activationIds, certificateIds,
                commonName, notes);
    }

    /**
     * Every TLS configuration with its DNS records, page by page: the list is paginated (20 a page by default), and
     * a subscription's configuration may be on a later page.
     */
    private JsonNode configurations() {
        ObjectNode all = F.objectNode();
        ArrayNode data = all.putArray("data");
        ArrayNode included = all.putArray("included");
        for (int page = 1; page <= 100; page++) {
            JsonNode p = api.get("ListTlsConfigs", "/tls/configurations", Map.of("include", "dns_records",
                    "page[number]", Integer.toString(page), "page[size]", Integer.toString(PAGE)));
            p.path("data").forEach(data::add);
            p.path("included").forEach(included::add);
            int totalPages = p.at("/meta/total_pages").asInt(1);
            boolean next = p.at("/links/next").isTextual() && !p.at("/links/next").asText().isEmpty();
            if (page >= totalPages && !next || p.path("data").isEmpty()) {
                return all;
            }
        }
        return all;
    }

    /** The {@code managed-http-cname} challenge targets: Fastly's own word on where the domains should point. */
    private static List<String> httpCnameTargets(JsonNode page) {
        List<String> out = new ArrayList<>();
        for (JsonNode inc : page.path("included")) {
            for (JsonNode c : inc.at("/attributes/challenges")) {
                if (c.path("type").asText().equals("managed-http-cname")) {
                    c.path("values").forEach(v -> {
                        if (!out.contains(v.asText())) {
                            out.add(v.asText());
                        }
                    });
                }
            }
        }
        return out;
    }

    /**
     * For {@code certificate: managed}: the TLS subscription for the link domains (apply creates it), with the
     * {@code managed-dns} challenges as the records to publish ({@code _acme-challenge.<domain>} CNAMEs). Reads only.
     */
    @Override
    public Optional<CertificateOrder> findCertificate(LinkProxySpec spec) {
        if (!(spec.certificate() instanceof CertificateSource.Managed)) {
            return Optional.empty();
        }
        JsonNode page = api.get("ListTlsSubs", "/tls/subscriptions",
                Map.of("filter[tls_domains.id]", spec.linkDomains().get(0), "include", "tls_authorizations"));
        for (JsonNode s : page.path("data")) {
            return Optional.of(order(s, page));
        }
        return Optional.empty();
    }

    @Override
    public CertificateOrder refreshCertificate(CertificateOrder order) {
        JsonNode sub = api.get("GetTlsSub", "/tls/subscriptions/{tls_subscription_id}",
                Map.of("include", "tls_authorizations"), order.id());
        return order(sub.path("data"), sub);
    }

    private CertificateOrder order(JsonNode subscription, JsonNode page) {
        String state = subscription.at("/attributes/state").asText();
        List<String> domains = new ArrayList<>();
        subscription.at("/relationships/tls_domains/data").forEach(d -> domains.add(d.path("id").asText()));
        List<RecordSet> records = new ArrayList<>();
        for (JsonNode inc : page.path("included")) {
            if (!inc.path("type").asText().equals("tls_authorization")) {
                continue;
            }
            for (JsonNode c : inc.at("/attributes/challenges")) {
                if (c.path("type").asText().equals("managed-dns") && c.path("values").size() > 0) {
                    List<String> values = new ArrayList<>();
                    c.path("values").forEach(v -> values.add(v.asText()));
                    records.add(new RecordSet(c.path("record_name").asText(), c.path("record_type").asText(),
                            Duration.ofSeconds(300), values));
                }
            }
        }
        CertificateOrder.State s = switch (state) {
            case "issued", "renewing" -> CertificateOrder.State.ISSUED;
            case "failed" -> CertificateOrder.State.FAILED;
            default -> CertificateOrder.State.PENDING_VALIDATION;
        };
        return new CertificateOrder(FastlyProvider.ID, subscription.path("id").asText(), domains, s, state, records,
                caaIssuer());
    }

    /** The ACME records Fastly asks for, DNS challenges first (they work before the link domain is cut over). */
    private static List<String> challenges(JsonNode page) {
        List<String> out = new ArrayList<>();
        for (JsonNode inc : page.path("included")) {
            if (!inc.path("type").asText().equals("tls_authorization")) {
                continue;
            }
            for (JsonNode c : inc.at("/attributes/challenges")) {
                if (c.path("type").asText().equals("managed-dns")) {
                    out.add(c.path("record_type").asText() + " " + c.path("record_name").asText() + " → "
                            + StreamSupport.stream(c.path("values").spliterator(), false).map(JsonNode::asText)
                            .collect(Collectors.joining(", ")));
                }
            }
        }
        return out;
    }

    private static JsonNode pickConfiguration(JsonNode configs, String wantedId) {
        JsonNode fallback = null;
        for (JsonNode c : configs.path("data")) {
            if (wantedId != null && wantedId.equals(c.path("id").asText())) {
                return c;
            }
            if (c.at("/attributes/default").asBoolean() && (fallback == null || !fallback.at("/attributes/default").asBoolean())) {
                fallback = c;
            } else if (fallback == null) {
                fallback = c;
            }
        }
        return fallback;
    }

    /**
     * The configuration's CNAME record, global region first, only as the API lists it: with IPv6 asked for, a
     * {@code dualstack.} record if the configuration has one; none is invented (no recording shows one, and Fastly's
     * guide has the customer add the prefix), so without one the IPv4 name is the target and a note says so.
     */
    private static String cutoverTarget(JsonNode configs, JsonNode config, JsonNode pick, List<String> notes) {
        boolean dualstack = pick.path("dualstack").asBoolean(false);
        List<String> cnames = new ArrayList<>();
        for (JsonNode ref : config.at("/relationships/dns_records/data")) {
            JsonNode rec = included(configs, "dns_record", ref.path("id").asText());
            if (rec.at("/attributes/record_type").asText().equals(pick.path("record_type").asText("CNAME"))) {
                cnames.add((rec.at("/attributes/region").asText().equals(pick.path("region").asText("global")) ? "0" : "1")
                        + ref.path("id").asText());
            }
        }
        List<String> ordered = cnames.stream().sorted().map(c -> c.substring(1)).toList();
        if (ordered.isEmpty()) {
            notes.add("TLS configuration " + config.path("id").asText() + " lists no CNAME record; ask Fastly support "
                    + "for its target before the cutover");
            return "";
        }
        if (dualstack) {
            Optional<String> ds = ordered.stream().filter(c -> c.startsWith("dualstack.")).findFirst();
            if (ds.isPresent()) {
                return ds.get();
            }
            notes.add("IPv6 is asked for, but TLS configuration " + config.path("id").asText() + " lists no dual-stack "
                    + "name; the target " + ordered.get(0) + " answers IPv4 only (Fastly's guide: request IPv6 for the "
                    + "configuration, then use the dualstack. name it lists)");
        }
        return ordered.stream().filter(c -> !c.startsWith("dualstack.")).findFirst().orElse(ordered.get(0));
    }

    private static JsonNode included(JsonNode page, String type, String id) {
        for (JsonNode inc : page.path("included")) {
            if (inc.path("type").asText().equals(type) && inc.path("id").asText().equals(id)) {
                return inc;
            }
        }
        return F.objectNode();
    }

    private Deployment deployment(String serviceId, int activeVersion, List<String> domains, TlsLive tls,
                                  JsonNode wantedTls) {
        Map<String, String> resources = new LinkedHashMap<>();
        resources.put("active_version", Integer.toString(activeVersion));
        if (tls.subscriptionId() != null) {
            resources.put("tls_subscription", tls.subscriptionId());
        }
        if (tls.configurationId() != null) {
            resources.put("tls_configuration", tls.configurationId());
        }
        for (int i = 0; i < tls.challenges().size(); i++) {
            resources.put("acme_challenge_" + (i + 1), tls.challenges().get(i));
        }
        boolean deployed = activeVersion > 0 && tlsReady(tls, wantedTls);
        return new Deployment(FastlyProvider.ID, serviceId, resources, domains, CutoverTarget.cname(tls.cutoverTarget()),
                deployed ? Deployment.Status.DEPLOYED : Deployment.Status.IN_PROGRESS, tls.state());
    }

    private static boolean tlsReady(TlsLive tls, JsonNode wantedTls) {
        if ("pem".equals(wantedTls.path("certificate").asText())) {
            return tls.state().equals("activated");
        }
        return tls.state().equals("issued") || tls.state().equals("renewing");
    }

    // ---------------------------------------------------------------------------------------------- plan

    /** Render, find, diff: the changes an apply would make, and what a person must publish. Reads only. */
    @Override
    public Plan plan(LinkProxySpec spec) {
        return state(spec).plan();
    }

    /** Everything apply needs, read once: the render, the live service and TLS, and the edits between them. */
    private record State(LinkProxySpec spec, NativeConfig rendered, Optional<Live> live, TlsLive tls,
                         List<Edit> versionEdits, List<Edit> tlsEdits, CertificateFiles.Bundle pem) {

        /** The uploaded certificate's serial number as Fastly reports it (decimal), or null without {@code pem:}. */
        String pemSerial() {
            return serial(pem);
        }

        static String serial(CertificateFiles.Bundle pem) {
            return pem == null ? null : pem.leaf().getSerialNumber().toString();
        }

        Plan plan() {
            List<Change> changes = new ArrayList<>();
            String where;
            if (live.isEmpty()) {
                changes.add(Change.create("service", rendered.config().at("/service/name").asText() + " (type vcl)"));
                where = "service (new) version 1: ";
            } else if (live.get().activeVersion() == 0) {
                where = "service " + live.get().serviceId() + " new version (none active yet): ";
            } else {
                where = "service " + live.get().serviceId() + " version " + live.get().activeVersion() + " → clone: ";
            }
            versionEdits.forEach(e -> changes.addAll(e.changes(where)));
            if (!versionEdits.isEmpty() || live.isEmpty() || live.get().activeVersion() == 0) {
                changes.add(Change.update(where.substring(0, where.length() - 2), "active", "no", "validate, then activate"));
            }
            tlsEdits.forEach(e -> changes.addAll(e.changes("")));
            List<String> notes = new ArrayList<>(rendered.notes());
            if (!tls.cutoverTarget().isEmpty()) {
                notes.add("cutover: point " + String.join(", ", spec.linkDomains()) + " at CNAME " + tls.cutoverTarget()
                        + " (TLS configuration " + tls.configurationId() + ")");
            }
            notes.addAll(tls.targetNotes());
            if (tls.subscriptionId() != null) {
                notes.add("certificate: TLS subscription " + tls.subscriptionId() + " is " + tls.state());
            }
            tls.challenges().forEach(c -> notes.add("publish for the certificate: " + c));
            return new Plan(FastlyProvider.ID, live.map(Live::serviceId).orElse(""), changes, notes);
        }
    }

    private State state(LinkProxySpec spec) {
        NativeConfig rendered = FastlyRenderer.render(spec, options.certificateAuthority());
        ObjectNode config = rendered.config();
        // Certificate files are checked before the first call: a bad key or an uncovered domain costs no API call.
        CertificateFiles.Bundle pem = spec.certificate() instanceof CertificateSource.Pem files
                ? CertificateFiles.read(files, spec.linkDomains(), clock.instant()) : null;
        Optional<Live> live = locate(spec);
        TlsLive tls = readTls(spec, config.path("tls"));
        List<Edit> versionEdits = FastlyDiff.versionEdits(config, live.map(Live::active).orElse(null));
        List<Edit> tlsEdits = FastlyDiff.tlsEdits((ObjectNode) config.path("tls"), spec.linkDomains(), tls,
                State.serial(pem), retiring(spec, live));
        return new State(spec, rendered, live, tls, versionEdits, tlsEdits, pem);
    }

    /** Link domains linkproxy added to the service (its comment) that the spec no longer has. */
    private static Set<String> retiring(LinkProxySpec spec, Optional<Live> live) {
        Set<String> out = new TreeSet<>();
        live.map(Live::active).ifPresent(v -> v.path("domains").forEach(d -> {
            String name = d.path("name").asText();
            if (!spec.linkDomains().contains(name) && FastlyRenderer.DOMAIN_COMMENT.equals(d.path("comment").asText())) {
                out.add(name);
            }
        }));
        return out;
    }

    /** Whether a TLS edit must wait until the version is active: one that shrinks a subscription. */
    private static boolean afterActivation(Edit e) {
        if (e.kind() != FastlyDiff.Kind.TLS_SUBSCRIPTION || e.action() != Change.Action.UPDATE) {
            return e.kind() == FastlyDiff.Kind.TLS_ACTIVATION || e.kind() == FastlyDiff.Kind.TLS_CERTIFICATE;
        }
        return !List.of(e.fields().get("tls_domains").split(",")).containsAll(
                List.of(e.from().getOrDefault("tls_domains", "").split(",")));
    }

    // ---------------------------------------------------------------------------------------------- apply

    /**
     * Converges: plans, then makes only the writes the plan lists; with an empty plan, writes nothing. A new
     * service: {@code POST /service}, its domains, backend, snippets and settings in version 1, validate, activate.
     * A change: clone the active version, the changed objects only, validate, activate. Then the TLS objects.
     *
     * @throws CdnException naming the draft version when a change fails before activation; the active version is
     *                      untouched
     */
    @Override
    public Deployment apply(LinkProxySpec spec, Progress progress) {
        Instant start = clock.instant();
        State s = state(spec);
        ObjectNode config = s.rendered().config();
        // Make before break: the certificate that covers a new link domain is asked for before the version that
        // serves the domain is activated; a refusal here leaves the active version (and every domain) as it was.
        List<Edit> tlsBefore = s.tlsEdits().stream().filter(e -> !afterActivation(e)).toList();
        List<Edit> tlsAfter = s.tlsEdits().stream().filter(FastlyClient::afterActivation).toList();
        if (!tlsBefore.isEmpty()) {
            applyTls(s, tlsBefore, progress, start);
        }
        String serviceId;
        int active;
        if (s.live().isEmpty()) {
            JsonNode created = api.formOnce("CreateService", "POST", "/service",
                    FastlyDiff.form(config.path("service")), () -> api.find("SearchService", "/service/search",
                            Map.of("name", config.at("/service/name").asText())));
            serviceId = created.path("id").asText();
            int draft = created.path("versions").path(0).path("number").asInt(1);
            report(progress, start, "create", "created service " + serviceId + "; building version " + draft);
            active = inDraft(serviceId, draft, 0, true, s.versionEdits(), progress, start);
        } else {
            Live live = s.live().get();
            serviceId = live.serviceId();
            active = live.activeVersion();
            if (!s.versionEdits().isEmpty()) {
                int draft;
                if (active > 0) {
                    draft = newVersion("CloneServiceVersion", "PUT", V + "/clone", live, serviceId,
                            Integer.toString(active));
                    report(progress, start, "update", "cloned active version " + active + " of " + serviceId
                            + " to draft " + draft);
                } else {
                    // Never activated (an earlier create failed): build on a fresh empty version, not on the
                    // half-edited latest one, which is the trap of fastly/terraform-provider-fastly#418.
                    draft = newVersion("CreateServiceVersion", "POST", "/service/{service_id}/version", live, serviceId);
                    report(progress, start, "update", "service " + serviceId + " has no active version; building "
                            + "new version " + draft);
                }
                active = inDraft(serviceId, draft, active, false, s.versionEdits(), progress, start);
            }
        }
        TlsLive tls = s.tls();
        if (!tlsAfter.isEmpty()) {
            applyTls(s, tlsAfter, progress, start);
        }
        if (!s.tlsEdits().isEmpty()) {
            tls = readTls(spec, config.path("tls"));
        }
        List<String> domains = s.live().isPresent() && s.versionEdits().isEmpty()
                ? servedDomains(spec, s.live().get()) : spec.linkDomains();
        Deployment d = deployment(serviceId, active, domains, tls, config.path("tls"));
        tls.challenges().forEach(c -> report(progress, start, "certificate", "publish " + c));
        return d;
    }

    /** Clones or creates a version, looking first on a retry so a lost answer does not leave two drafts. */
    private int newVersion(String operation, String method, String template, Live live, String... args) {
        JsonNode v = api.formOnce(operation, method, template, Map.of(), () -> {
            JsonNode versions = api.get("ListServiceVersions", "/service/{service_id}/version", Map.of(), live.serviceId());
            for (JsonNode n : versions) {
                if (n.path("number").asInt() > live.latestVersion() && !n.path("active").asBoolean()
                        && !n.path("locked").asBoolean()) {
                    return Optional.of(n);
                }
            }
            return Optional.empty();
        }, args);
        return v.path("number").asInt();
    }

    /** Makes the edits in draft {@code draft}, validates and activates it; returns the new active version. */
    private int inDraft(String serviceId, int draft, int active, boolean newService, List<Edit> edits,
                        Progress progress, Instant start) {
        String sid = serviceId;
        String ver = Integer.toString(draft);
        try {
            for (Edit e : edits) {
                edit(sid, ver, e);
            }
            JsonNode valid = api.get("ValidateServiceVersion", V + "/validate", Map.of(), sid, ver);
            if (!"ok".equals(valid.path("status").asText())) {
                List<String> errors = new ArrayList<>();
                valid.path("errors").forEach(x -> errors.add(x.asText()));
                if (errors.isEmpty()) {
                    errors.add(valid.path("msg").asText("validation failed"));
                }
                throw FastlyErrors.invalidDraft("ValidateServiceVersion", String.join("; ", errors));
            }
        } catch (CdnException e) {
            throw FastlyErrors.draftNotActivated(e, failedDraft(sid, draft, active, newService));
        }
        try {
            api.form("ActivateServiceVersion", "PUT", V + "/activate", Map.of(), sid, ver);
        } catch (CdnException e) {
            if (!activatedAnyway(e, sid, draft)) {
                throw FastlyErrors.draftNotActivated(e, failedDraft(sid, draft, active, newService));
            }
        }
        report(progress, start, newService ? "create" : "update", "activated version " + draft + " of " + sid);
        return draft;
    }

    /**
     * Whether the draft is active although the activation failed: when the answer was garbled, lost or a server error,
     * Fastly may have carried it out, so the version is read back rather than reported as not activated.
     */
    private boolean activatedAnyway(CdnException e, String serviceId, int draft) {
        if (e.kind() != CdnException.Kind.UNEXPECTED_RESPONSE && !e.retryable()) {
            return false; // Fastly refused it
        }
        try {
            return api.get("GetServiceVersion", V, Map.of(), serviceId, Integer.toString(draft)).path("active").asBoolean();
        } catch (CdnException readBack) {
            throw e.toBuilder().detail(e.detail().map(d -> d + "; ").orElse("") + "whether draft version " + draft
                    + " of service " + serviceId + " was activated is unknown (reading it back failed: "
                    + readBack.getMessage() + "); run plan to see which version serves").cause(e).build();
        }
    }

    private String failedDraft(String serviceId, int draft, int active, boolean newService) {
        String what = "draft version " + draft + " of service " + serviceId + " was not activated; "
                + (active > 0 ? "active version " + active + " is untouched and still serves"
                : "the service has no active version and serves nothing");
        if (!options.removeFailedDraft()) {
            return what + "; the draft is left for inspection (the next apply "
                    + (active > 0 ? "clones the active version again" : "starts a fresh version") + ")";
        }
        try {
            if (newService) {
                api.delete("DeleteService", "/service/{service_id}", serviceId);
                return what + "; the service, created by this apply and never activated, was deleted (removeFailedDraft)";
            }
            api.form("LockServiceVersion", "PUT", V + "/lock", Map.of(), serviceId, Integer.toString(draft));
            return what + "; Fastly cannot delete a version, so the draft was locked against further edits "
                    + "(removeFailedDraft)";
        } catch (CdnException cleanup) {
            return what + "; removing it failed too (" + cleanup.getMessage() + "), so it is left for inspection";
        }
    }

    private void edit(String sid, String ver, Edit e) {
        String name = e.name();
        switch (e.kind()) {
            case DOMAIN -> {
                if (e.action() == Change.Action.CREATE) {
                    api.formOnce("CreateDomain", "POST", V + "/domain", e.fields(),
                            () -> api.find("GetDomain", V + "/domain/{domain_name}", Map.of(), sid, ver, name), sid, ver);
                } else {
                    api.delete("DeleteDomain", V + "/domain/{domain_name}", sid, ver, name);
                }
            }
            case BACKEND -> {
                if (e.action() == Change.Action.CREATE) {
                    api.formOnce("CreateBackend", "POST", V + "/backend", e.fields(),
                            () -> api.find("GetBackend", V + "/backend/{backend_name}", Map.of(), sid, ver, name), sid, ver);
                } else {
                    api.form("UpdateBackend", "PUT", V + "/backend/{backend_name}", e.fields(), sid, ver, name);
                }
            }
            case SNIPPET -> {
                if (e.action() == Change.Action.CREATE) {
                    api.formOnce("CreateSnippet", "POST", V + "/snippet", e.fields(),
                            () -> api.find("GetSnippet", V + "/snippet/{name}", Map.of(), sid, ver, name), sid, ver);
                } else if (e.action() == Change.Action.UPDATE) {
                    // The fields go-fastly's recorded update sends; whether a snippet is dynamic cannot change.
                    Map<String, String> fields = new LinkedHashMap<>(e.fields());
                    fields.remove("dynamic");
                    api.form("UpdateSnippet", "PUT", V + "/snippet/{name}", fields, sid, ver, name);
                } else {
                    api.delete("DeleteSnippet", V + "/snippet/{name}", sid, ver, name);
                }
            }
            case SETTINGS -> api.form("UpdateServiceSettings", "PUT", V + "/settings", e.fields(), sid, ver);
            default -> throw new IllegalStateException("not a versioned edit: " + e);
        }
    }

    private void applyTls(State s, List<Edit> edits, Progress progress, Instant start) {
        ObjectNode tls = (ObjectNode) s.rendered().config().path("tls");
        String configurationId = s.tls().configurationId();
        String first = s.spec().linkDomains().get(0);
        String certificateId = s.pemSerial() == null ? null : s.tls().certificateIds().get(s.pemSerial());
        for (Edit e : edits) {
            switch (e.kind()) {
                case TLS_SUBSCRIPTION -> {
                    if (e.action() == Change.Action.CREATE) {
                        ObjectNode body = tls.path("tls_subscription").deepCopy();
                        ObjectNode rel = (ObjectNode) body.path("data").path("relationships");
                        if (configurationId != null) {
                            rel.putObject("tls_configuration").putObject("data").put("type", "tls_configuration")
                                    .put("id", configurationId);
                        }
                        JsonNode made = api.jsonApi("CreateTlsSub", "POST", "/tls/subscriptions", body, () -> {
                            JsonNode page = api.get("ListTlsSubs", "/tls/subscriptions",
                                    Map.of("filter[tls_domains.id]", first));
                            return page.path("data").isEmpty() ? Optional.empty()
                                    : Optional.of(F.objectNode().set("data", page.path("data").get(0)));
                        });
                        report(progress, start, "certificate", "TLS subscription " + made.at("/data/id").asText()
                                + " created (" + made.at("/data/attributes/state").asText() + ")");
                    } else {
                        List<String> domains = List.of(e.fields().get("tls_domains").split(","));
                        ObjectNode body = F.objectNode();
                        ObjectNode data = body.putObject("data").put("type", "tls_subscription").put("id", e.name());
                        ObjectNode rel = data.putObject("relationships");
                        ArrayNode ds = rel.putObject("tls_domains").putArray("data");
                        domains.forEach(d -> ds.addObject().put("type", "tls_domain").put("id", d));
                        String commonName = domains.contains(s.tls().commonName()) ? s.tls().commonName() : domains.get(0);
                        rel.putObject("common_name").putObject("data").put("type", "tls_domain").put("id", commonName);
                        if (configurationId != null) {
                            rel.putObject("tls_configuration").putObject("data").put("type", "tls_configuration")
                                    .put("id", configurationId);
                        }
                        // Fastly updates a subscription only with force=true (go-fastly tls_subscription.go; every
                        // recorded PATCH, fixtures/tls_subscription/update.yaml).
                        api.jsonApi("PatchTlsSub", "PATCH", "/tls/subscriptions/{tls_subscription_id}", body, null,
                                Map.of("force", "true"), e.name());
                        report(progress, start, "certificate", "TLS subscription " + e.name() + " now covers "
                                + String.join(", ", domains));
                    }
                }
                case TLS_CERTIFICATE -> {
                    String name = tls.at("/tls_certificate/data/attributes/name").asText();
                    ObjectNode key = F.objectNode();
                    key.putObject("data").put("type", "tls_private_key").putObject("attributes")
                            .put("key", s.pem().privateKey().reveal()).put("name", name);
                    // After a lost answer the key is looked up before it is sent again, by the SHA-1 Fastly reports.
                    String sha1 = publicKeySha1(s.pem().leaf().getPublicKey());
                    api.jsonApi("CreateTlsKey", "POST", "/tls/private_keys", key, () -> privateKeyWithSha1(sha1));
                    ObjectNode cert = F.objectNode();
                    cert.putObject("data").put("type", "tls_certificate").putObject("attributes")
                            .put("cert_blob", s.pem().chainPem()).put("name", name);
                    JsonNode made = api.jsonApi("CreateTlsCert", "POST", "/tls/certificates", cert, () -> {
                        JsonNode page = api.get("ListTlsCerts", "/tls/certificates", Map.of("filter[tls_domains.id]", first));
                        for (JsonNode c : page.path("data")) {
                            if (c.at("/attributes/serial_number").asText().equals(s.pemSerial())) {
                                return Optional.of(F.objectNode().set("data", c));
                            }
                        }
                        return Optional.empty();
                    });
                    certificateId = made.at("/data/id").asText();
                    report(progress, start, "certificate", "uploaded certificate " + certificateId);
                }
                case TLS_ACTIVATION -> {
                    ObjectNode body = F.objectNode();
                    ObjectNode data = body.putObject("data").put("type", "tls_activation");
                    ObjectNode rel = data.putObject("relationships");
                    rel.putObject("tls_certificate").putObject("data").put("type", "tls_certificate").put("id", certificateId);
                    if (e.action() == Change.Action.CREATE) {
                        rel.putObject("tls_domain").putObject("data").put("type", "tls_domain").put("id", e.name());
                        if (configurationId != null) {
                            rel.putObject("tls_configuration").putObject("data").put("type", "tls_configuration")
                                    .put("id", configurationId);
                        }
                        api.jsonApi("CreateTlsActivation", "POST", "/tls/activations", body, () -> {
                            JsonNode page = api.get("ListTlsActivations", "/tls/activations",
                                    Map.of("filter[tls_domain.id]", e.name()));
                            return page.path("data").isEmpty() ? Optional.empty()
                                    : Optional.of(F.objectNode().set("data", page.path("data").get(0)));
                        });
                    } else {
                        String id = s.tls().activationIds().get(e.name());
                        data.put("id", id);
                        api.jsonApi("UpdateTlsActivation", "PATCH", "/tls/activations/{tls_activation_id}", body, null, id);
                    }
                    report(progress, start, "certificate", "certificate " + certificateId + " serves " + e.name());
                }
                default -> throw new IllegalStateException("not a TLS edit: " + e);
            }
        }
    }

    /**
     * Fastly's {@code public_key_sha1}: the SHA-1 of the public key in PEM form, as {@code openssl pkey -pubout}
     * writes it (checked against go-fastly's fixtures/custom_tls/create-key.yaml, whose key and answer give
     * 7ebc5927…).
     */
    static String publicKeySha1(java.security.PublicKey publicKey) {
        String b64 = java.util.Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(publicKey.getEncoded());
        String pem = "-----BEGIN PUBLIC KEY-----\n" + b64 + "\n-----END PUBLIC KEY-----\n";
        try {
            byte[] digest = java.security.MessageDigest.getInstance("SHA-1").digest(pem.getBytes(StandardCharsets.US_ASCII));
            return java.util.HexFormat.of().formatHex(digest);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
    }

    /** The private key already uploaded with this public key, if any (every page of {@code GET /tls/private_keys}). */
    private Optional<JsonNode> privateKeyWithSha1(String sha1) {
        for (int page = 1; page <= 100; page++) {
            JsonNode p = api.get("ListTlsKeys", "/tls/private_keys",
                    Map.of("page[number]", Integer.toString(page), "page[size]", Integer.toString(PAGE)));
            for (JsonNode k : p.path("data")) {
                if (sha1.equals(k.at("/attributes/public_key_sha1").asText())) {
                    return Optional.of(F.objectNode().set("data", k));
                }
            }
            if (p.path("data").size() < PAGE || page >= p.at("/meta/total_pages").asInt(page)) {
                return Optional.empty();
            }
        }
        return Optional.empty();
    }

    // ---------------------------------------------------------------------------------------------- await

    /**
     * Polls {@code GET /service/{id}/version/{v}} until the version is active and, for a TLS subscription,
     * {@code GET /tls/subscriptions/{id}} until the certificate is issued, reporting each poll (with the ACME records
     * still to publish). Waits {@code pollIntervalSeconds} between polls.
     *
     * @throws CdnException {@code TIMEOUT} past {@code timeout}; {@code INVALID_REQUEST} when Fastly gave up issuing
     */
    @Override
    public Deployment await(Deployment deployment, Duration timeout, Progress progress) {
        Instant start = clock.instant();
        Instant deadline = start.plus(timeout);
        String version = deployment.resources().getOrDefault("active_version", "0");
        String subscription = deployment.resources().get("tls_subscription");
        while (true) {
            JsonNode v = api.get("GetServiceVersion", V, Map.of(), deployment.id(), version);
            boolean active = v.path("active").asBoolean();
            String state = deployment.certificateState();
            List<String> publish = List.of();
            if (subscription != null) {
                JsonNode sub = api.get("GetTlsSub", "/tls/subscriptions/{tls_subscription_id}",
                        Map.of("include", "tls_authorizations"), subscription);
                state = sub.at("/data/attributes/state").asText();
                publish = challenges(sub);
            }
            boolean issued = subscription == null ? !state.equals("not activated")
                    : state.equals("issued") || state.equals("renewing");
            report(progress, start, "await", "version " + version + (active ? " active" : " not active yet")
                    + "; certificate " + (state.isEmpty() ? "n/a" : state)
                    + (issued || publish.isEmpty() ? "" : "; publish " + String.join("; ", publish)));
            if (active && issued) {
                return new Deployment(deployment.provider(), deployment.id(), deployment.resources(),
                        deployment.linkDomains(), deployment.cutoverTarget(), Deployment.Status.DEPLOYED, state);
            }
            if (state.equals("failed")) {
                throw CdnException.builder(FastlyProvider.ID, "GetTlsSub", CdnException.Kind.INVALID_REQUEST)
                        .detail("TLS subscription " + subscription + " failed")
                        .hint("Fastly could not validate the link domains; publish the ACME records from plan, "
                                + "then delete the subscription and apply again").build();
            }
            if (clock.instant().plus(options.pollInterval()).isAfter(deadline)) {
                throw CdnException.builder(FastlyProvider.ID, "await", CdnException.Kind.TIMEOUT)
                        .detail("service " + deployment.id() + " version " + version + (active ? " active" : " not active")
                                + ", certificate " + state + " after " + timeout.toSeconds() + " s")
                        .hint(issued ? "wait longer, then run status"
                                : "publish the ACME records from plan; issuance follows within minutes").build();
            }
            try {
                sleeper.sleep(options.pollInterval());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CdnException.builder(FastlyProvider.ID, "await", CdnException.Kind.TIMEOUT)
                        .detail("interrupted").build();
            }
        }
    }

    private void report(Progress progress, Instant start, String stage, String message) {
        progress.report(new ProgressEvent(FastlyProvider.ID, stage, message, Duration.between(start, clock.instant())));
    }

    @Override
    public void close() {
        api.close();
    }
}
