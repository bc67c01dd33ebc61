package dev.linkproxy.cloudflare;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.linkproxy.core.CdnException;
import dev.linkproxy.core.CertificateFiles;
import dev.linkproxy.core.CertificateSource;
import dev.linkproxy.core.HostNames;
import dev.linkproxy.core.InvalidSpecException;
import dev.linkproxy.core.LinkProxyException;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.RetryPolicy;
import dev.linkproxy.core.SpecProblem;
import dev.linkproxy.cloudflare.CloudflareDiff.Live;
import dev.linkproxy.cloudflare.CloudflareDiff.RecordWrite;
import dev.linkproxy.cloudflare.CloudflareDiff.Result;
import dev.linkproxy.cloudflare.CloudflareDiff.Zone;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.CutoverTarget;
import dev.linkproxy.core.spi.Deployment;
import dev.linkproxy.core.spi.Plan;
import dev.linkproxy.core.spi.Progress;
import dev.linkproxy.core.spi.ProgressEvent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.LongSupplier;

/**
 * A connection to one Cloudflare account. One deployment is one zone: every link domain of a spec must lie in the
 * same zone (the zone found by the longest matching suffix).
 *
 * <p>Calls, in order (reads first; {@link #apply} writes only what the diff asks for, after the preflight passed):
 * <ol>
 *   <li>{@code GET /user/tokens/verify}, once per client, before anything else; for an account-owned token (401, code
 *       1000 there) {@code GET /accounts/{account_id}/tokens/verify} once the zone names its account;</li>
 *   <li>{@code GET /zones} (paginated) to find the zone, its set-up type, pause, plan and account;</li>
 *   <li>{@code GET /zones/{zone_id}/dns_records?name=…} per link domain (look before creating: 81053/81057);</li>
 *   <li>{@code GET …/rulesets/phases/http_config_settings/entrypoint} and {@code …/http_request_cache_settings/entrypoint};</li>
 *   <li>{@code GET /zones/{zone_id}/ssl/certificate_packs/quota}: Advanced Certificate Manager or not;</li>
 *   <li>with it, {@code GET /zones/{zone_id}/hostnames/settings/min_tls_version} (paginated); without it, the
 *       zone-wide {@code GET /zones/{zone_id}/settings/min_tls_version};</li>
 *   <li>{@code GET /zones/{zone_id}/ssl/certificate_packs?status=all} or {@code GET /zones/{zone_id}/custom_certificates};</li>
 *   <li>writes, what serves the host first: {@code PUT …/entrypoint} (each phase whose rules differ),
 *       {@code PUT …/hostnames/settings/min_tls_version/{hostname}}, {@code POST …/certificate_packs/order} or
 *       {@code POST …/custom_certificates}; then, last, the proxied record ({@code DELETE}/{@code PUT}/{@code PATCH}/
 *       {@code POST …/dns_records}), held for {@link #await} where its certificate is not active yet.</li>
 * </ol>
 */
public final class CloudflareClient implements CdnClient {

    /**
     * Client options that are not credentials.
     *
     * @param replaceExistingRecords whether apply may replace records at a link domain that linkproxy did not create
     * @param pollInterval           time between two looks at a pending certificate in {@link #await}
     * @param sleeper                how {@link #await} waits (tests pass one that advances a fake clock)
     * @param nanoClock              a monotonic clock for {@link #await}'s deadline and progress
     * @param clock                  the wall clock an uploaded certificate's validity window is checked against
     */
    public record Options(boolean replaceExistingRecords, Duration pollInterval, RetryPolicy.Sleeper sleeper,
                          LongSupplier nanoClock, Clock clock) {
        public Options {
            Objects.requireNonNull(pollInterval, "pollInterval");
            Objects.requireNonNull(sleeper, "sleeper");
            Objects.requireNonNull(nanoClock, "nanoClock");
            Objects.requireNonNull(clock, "clock");
        }
    }

    private static final String ID = CloudflareProvider.ID;
    private static final String CERTIFICATE_PACK = "certificate_pack";
    private static final String CUSTOM_CERTIFICATE = "custom_certificate";
    /** A resource key: a link domain whose proxied record waits for its certificate, with the record's target. */
    static final String HELD_RECORD = "held_record:";

    private final CloudflareApi api;
    private final CloudflareRenderer renderer;
    private final Options options;
    private boolean tokenVerified;
    private List<Zone> zones;

    CloudflareClient(CloudflareApi api, CloudflareRenderer renderer, Options options) {
        this.api = api;
        this.renderer = renderer;
        this.options = options;
    }

    /** The zone's deployment when a record linkproxy manages serves one of the spec's link domains. Reads only. */
    /**
     * Let's Encrypt's CAA issuer domain, for {@code certificate: managed}: linkproxy orders advanced packs from it,
     * and it is one of Universal SSL's CAs (developers.cloudflare.com/ssl/reference/certificate-authorities/). Where
     * Cloudflare hosts the zone's DNS it adds its CAs' CAA records itself when the zone has any.
     */
    @Override
    public List<String> certificateAuthorities(LinkProxySpec spec) {
        return spec.certificate() instanceof CertificateSource.Managed ? List.of("letsencrypt.org") : List.of();
    }

    @Override
    public Optional<Deployment> find(LinkProxySpec spec) {
        Live live = read(spec);
        boolean any = live.records().values().stream().flatMap(List::stream)
                .anyMatch(r -> r.path("comment").asText("").contains(CloudflareRenderer.RECORD_COMMENT));
        return any ? Optional.of(deployment(spec, live, Map.of())) : Optional.empty();
    }

    /** Render for the zone, read, diff. Reads only; names records it would replace and certificates it would order. */
    @Override
    public Plan plan(LinkProxySpec spec) {
        checkedPem(spec);
        Live live = read(spec);
        Result diff = diff(spec, live);
        List<String> notes = new ArrayList<>();
        CloudflarePreflight.check(live, diff, isPem(spec)).findings().forEach(f -> notes.add("preflight: " + f));
        notes.addAll(renderer.render(spec, Optional.of(live.zone().name())).notes());
        notes.addAll(diff.notes());
        return new Plan(ID, "zone " + live.zone().name() + " (" + live.zone().id() + ")", diff.changes(), notes);
    }

    /**
     * Plans, checks the preflight, then writes only what the plan needs: the SSL and cache rules, the TLS settings and
     * the certificate first, the proxied records last (a record is the cutover itself; one whose certificate is not
     * active yet is held, and {@link #await} writes it). A failure part-way leaves every record as it was. A second
     * apply makes no write.
     *
     * @throws CdnException of kind {@code CONFLICT}, before any write, when a record linkproxy did not create would
     *                      be replaced without {@code replaceExistingRecords=true}; of kind {@code INVALID_REQUEST},
     *                      before any write, when the preflight refuses (zone set-up, pause, rule quota, entitlement)
     */
    @Override
    public Deployment apply(LinkProxySpec spec, Progress progress) {
        long start = options.nanoClock().getAsLong();
        CertificateFiles.Bundle pem = checkedPem(spec);
        Live live = read(spec);
        Result diff = diff(spec, live);
        if (diff.isEmpty()) {
            report(progress, "plan", "zone " + live.zone().name() + " already matches the spec; nothing written", start);
            return deployment(spec, live, Map.of());
        }
        CloudflarePreflight.Findings preflight = CloudflarePreflight.check(live, diff, isPem(spec));
        if (!preflight.passed()) {
            throw CdnException.builder(ID, "apply", CdnException.Kind.INVALID_REQUEST)
                    .detail(String.join("; ", preflight.refusals()))
                    .hint("nothing was written; plan lists every preflight finding").build();
        }
        if (diff.blocked().isPresent()) {
            throw CdnException.builder(ID, "apply", CdnException.Kind.CONFLICT)
                    .detail(diff.blocked().get())
                    .hint("nothing was written; the plan shows the records in the way").build();
        }
        ObjectNode upload = diff.certificateBody() != null && pem != null ? upload(diff.certificateBody(), pem) : null;
        String zoneId = live.zone().id();
        Map<String, String> written = new LinkedHashMap<>();
        if (diff.entrypointBody() != null) {
            JsonNode ruleset = api.call("PUT", "/zones/{zone_id}/rulesets/phases/{ruleset_phase}/entrypoint")
                    .path(zoneId).path(CloudflareRenderer.CONFIG_PHASE).body(diff.entrypointBody()).send();
            written.put("ruleset", ruleset.path("id").asText());
            report(progress, "rules", "SSL mode set for the link hosts only (configuration rules)", start);
        }
        if (diff.cacheEntrypointBody() != null) {
            JsonNode ruleset = api.call("PUT", "/zones/{zone_id}/rulesets/phases/{ruleset_phase}/entrypoint")
                    .path(zoneId).path(CloudflareRenderer.CACHE_PHASE).body(diff.cacheEntrypointBody()).send();
            written.put("cache_ruleset", ruleset.path("id").asText());
            report(progress, "rules", (spec.cacheTtl().isZero() ? "caching bypassed"
                    : "edge TTL " + spec.cacheTtl().toSeconds() + " s") + " for the link hosts only (cache rules)", start);
        }
        for (String host : diff.tlsHosts()) {
            ObjectNode body = CloudflareApi.JSON.createObjectNode().put("value", spec.minViewerTls().wireName());
            api.call("PUT", "/zones/{zone_id}/hostnames/settings/{setting_id}/{hostname}").path(zoneId)
                    .path("min_tls_version").path(host).body(body).send();
            report(progress, "tls", "minimum TLS " + spec.minViewerTls().wireName() + " for " + host, start);
        }
        if (diff.certificateBody() != null) {
            JsonNode cert = upload != null
                    ? api.call("POST", "/zones/{zone_id}/custom_certificates").path(zoneId).body(upload).send()
                    : api.call("POST", "/zones/{zone_id}/ssl/certificate_packs/order").path(zoneId)
                    .body(diff.certificateBody()).send();
            written.put(spec.certificate() instanceof CertificateSource.Pem ? CUSTOM_CERTIFICATE : CERTIFICATE_PACK,
                    cert.path("id").asText());
            written.put("certificate_status", cert.path("status").asText("initializing"));
            report(progress, "certificate", (spec.certificate() instanceof CertificateSource.Pem
                    ? "uploaded custom certificate " : "ordered advanced certificate pack ")
                    + cert.path("id").asText() + " for " + cert.path("hosts") + ": " + cert.path("status").asText(), start);
        }
        // The proxied record is the cutover, so it goes last, and only where a certificate already serves the name.
        for (RecordWrite w : diff.recordWrites()) {
            if (diff.held().contains(w.domain())) {
                written.put(HELD_RECORD + w.domain(), w.body().path("content").asText());
                report(progress, "dns", "proxied CNAME " + w.domain() + " held until its certificate is active; "
                        + "the name keeps its current record meanwhile", start);
            } else {
                writeRecord(zoneId, w, written, progress, start);
            }
        }
        return deployment(spec, live, written);
    }

    /**
     * Proxied records serve at once; this waits for the certificate, then writes the records apply held for it: it
     * looks at the pending certificate pack
     * ({@code GET …/ssl/certificate_packs/{id}}) or custom certificate ({@code GET …/custom_certificates/{id}}) every
     * poll interval until it is active.
     *
     * @throws CdnException {@code TIMEOUT} when {@code timeout} passes first, or when validation timed out
     */
    @Override
    public Deployment await(Deployment deployment, Duration timeout, Progress progress) {
        long start = options.nanoClock().getAsLong();
        String packId = deployment.resources().get(CERTIFICATE_PACK);
        String customId = deployment.resources().get(CUSTOM_CERTIFICATE);
        if (deployment.status() == Deployment.Status.DEPLOYED || (packId == null && customId == null)) {
            report(progress, "await", "proxied records serve at once and the certificate is "
                    + deployment.certificateState() + ": deployed", start);
            return new Deployment(ID, deployment.id(), writeHeldRecords(deployment, progress, start),
                    deployment.linkDomains(), deployment.cutoverTarget(), Deployment.Status.DEPLOYED,
                    deployment.certificateState());
        }
        String template = packId != null ? "/zones/{zone_id}/ssl/certificate_packs/{certificate_pack_id}"
                : "/zones/{zone_id}/custom_certificates/{custom_certificate_id}";
        String certId = packId != null ? packId : customId;
        while (true) {
            JsonNode cert = api.call("GET", template).path(deployment.id()).path(certId).send();
            String status = cert.path("status").asText();
            Duration elapsed = Duration.ofNanos(options.nanoClock().getAsLong() - start);
            progress.report(new ProgressEvent(ID, "await", "certificate " + certId + " is " + status
                    + validationRecords(cert), elapsed));
            if ("active".equals(status)) {
                return new Deployment(ID, deployment.id(), writeHeldRecords(deployment, progress, start),
                        deployment.linkDomains(), deployment.cutoverTarget(), Deployment.Status.DEPLOYED, status);
            }
            if (status.endsWith("_timed_out") || status.equals("expired") || status.equals("deleted")) {
                throw CdnException.builder(ID, "GET " + template, CdnException.Kind.TIMEOUT)
                        .detail("certificate " + certId + " is " + status)
                        .hint("Cloudflare gave up validating or issuing it; check that the zone's name servers are "
                                + "Cloudflare's and no CAA record forbids the authority, then apply again").build();
            }
            if (elapsed.plus(options.pollInterval()).compareTo(timeout) > 0) {
                throw CdnException.builder(ID, "await", CdnException.Kind.TIMEOUT)
                        .detail("certificate " + certId + " still " + status + " after " + elapsed.toSeconds() + " s")
                        .hint("validation can take minutes to hours; await again later").build();
            }
            try {
                options.sleeper().sleep(options.pollInterval());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CdnException.builder(ID, "await", CdnException.Kind.TIMEOUT).detail("interrupted").cause(e).build();
            }
        }
    }

    /**
     * The records apply held back, written now that the certificate is active: each name is read again first, so a
     * record that changed meanwhile is judged as apply would judge it (and one linkproxy may not replace stops here).
     */
    private Map<String, String> writeHeldRecords(Deployment deployment, Progress progress, long start) {
        Map<String, String> resources = new TreeMap<>(deployment.resources());
        List<String> held = resources.keySet().stream().filter(k -> k.startsWith(HELD_RECORD)).toList();
        if (held.isEmpty()) {
            return resources;
        }
        ObjectNode wanted = CloudflareApi.JSON.createObjectNode();
        var records = wanted.putArray("dns_records");
        Map<String, List<JsonNode>> present = new LinkedHashMap<>();
        for (String key : held) {
            String domain = key.substring(HELD_RECORD.length());
            records.add(CloudflareRenderer.record(domain, resources.get(key)));
            present.put(domain, api.call("GET", "/zones/{zone_id}/dns_records").path(deployment.id())
                    .query("name", domain).all());
        }
        Live live = new Live(new Zone(deployment.id(), resources.getOrDefault("zone", ""), "active", "full", false,
                "", ""), present, Optional.empty(), Optional.empty(), Optional.empty(), null, List.of(), false);
        List<String> blocked = new ArrayList<>();
        List<RecordWrite> writes = CloudflareDiff.records(wanted, live, options.replaceExistingRecords(),
                new ArrayList<>(), new ArrayList<>(), blocked);
        if (!blocked.isEmpty()) {
            throw CdnException.builder(ID, "await", CdnException.Kind.CONFLICT).detail(String.join("; ", blocked))
                    .hint("the certificate is active but the held record was not written; the plan shows the "
                            + "records in the way").build();
        }
        Map<String, String> written = new LinkedHashMap<>();
        for (RecordWrite w : writes) {
            writeRecord(deployment.id(), w, written, progress, start);
        }
        held.forEach(resources::remove);
        resources.putAll(written);
        return resources;
    }

    /** One record write (the deletes of a replacement first), reported. */
    private void writeRecord(String zoneId, RecordWrite w, Map<String, String> written, Progress progress, long start) {
        for (String id : w.deleteIds()) {
            api.call("DELETE", "/zones/{zone_id}/dns_records/{dns_record_id}").path(zoneId).path(id).send();
        }
        JsonNode result = switch (w.action()) {
            case CREATE -> api.call("POST", "/zones/{zone_id}/dns_records").path(zoneId).body(w.body()).send();
            case UPDATE -> api.call("PATCH", "/zones/{zone_id}/dns_records/{dns_record_id}").path(zoneId)
                    .path(w.recordId()).body(w.body()).send();
            case REPLACE -> api.call("PUT", "/zones/{zone_id}/dns_records/{dns_record_id}").path(zoneId)
                    .path(w.recordId()).body(w.body()).send();
        };
        written.put("dns_record:" + w.domain(), result.path("id").asText(w.recordId() == null ? "" : w.recordId()));
        report(progress, "dns", w.action().name().toLowerCase(java.util.Locale.ROOT) + "d proxied CNAME "
                + w.domain() + " → " + w.body().path("content").asText(), start);
    }

    @Override
    public void close() {
        api.close();
    }

    // ---- reads ------------------------------------------------------------------------------------------------

    private Live read(LinkProxySpec spec) {
        if (spec.certificate() instanceof CertificateSource.Acm) {
            renderer.render(spec); // throws the spec problem before any call
        }
        boolean userToken = verifyUserToken();
        Zone zone = zoneFor(spec.linkDomains());
        if (!userToken) {
            verifyAccountToken(zone);
        }
        Map<String, List<JsonNode>> records = new LinkedHashMap<>();
        for (String domain : spec.linkDomains()) {
            records.put(domain, api.call("GET", "/zones/{zone_id}/dns_records").path(zone.id())
                    .query("name", domain).all());
        }
        Optional<JsonNode> entrypoint = entrypoint(zone, CloudflareRenderer.CONFIG_PHASE);
        Optional<JsonNode> cacheEntrypoint = entrypoint(zone, CloudflareRenderer.CACHE_PHASE);
        // Per-hostname TLS settings and advanced packs need Advanced Certificate Manager on every plan; without it the
        // settings call is refused (403, code 10000), so the entitlement is read first and the call not made.
        boolean advanced = api.call("GET", "/zones/{zone_id}/ssl/certificate_packs/quota").path(zone.id()).send()
                .path("advanced").path("allocated").asInt(0) > 0;
        Optional<Map<String, String>> hostnameTls = Optional.empty();
        if (advanced) {
            Map<String, String> values = new TreeMap<>();
            for (JsonNode s : api.call("GET", "/zones/{zone_id}/hostnames/settings/{setting_id}").path(zone.id())
                    .path("min_tls_version").all()) {
                values.put(s.path("hostname").asText().toLowerCase(java.util.Locale.ROOT), s.path("value").asText());
            }
            hostnameTls = Optional.of(values);
        }
        String zoneMinTls = hostnameTls.isPresent() ? null : api.call("GET", "/zones/{zone_id}/settings/{setting_id}")
                .path(zone.id()).path("min_tls_version").send().path("value").asText();
        List<JsonNode> certificates = spec.certificate() instanceof CertificateSource.Pem
                ? api.call("GET", "/zones/{zone_id}/custom_certificates").path(zone.id()).all()
                : api.call("GET", "/zones/{zone_id}/ssl/certificate_packs").path(zone.id()).query("status", "all").list();
        return new Live(zone, records, entrypoint, cacheEntrypoint, hostnameTls, zoneMinTls, certificates, advanced);
    }

    /** A phase's entrypoint ruleset; empty for a zone that never had a rule in that phase (404). */
    private Optional<JsonNode> entrypoint(Zone zone, String phase) {
        try {
            return Optional.of(api.call("GET", "/zones/{zone_id}/rulesets/phases/{ruleset_phase}/entrypoint")
                    .path(zone.id()).path(phase).send());
        } catch (CdnException e) {
            if (e.kind() != CdnException.Kind.NOT_FOUND) {
                throw e;
            }
            return Optional.empty();
        }
    }

    /**
     * Verifies a user-owned token. False when the user endpoint does not know the token (401, code 1000): an
     * account-owned token is verified at its account's endpoint once the zone (and so the account) is known.
     */
    private boolean verifyUserToken() {
        if (tokenVerified) {
            return true;
        }
        JsonNode result;
        try {
            result = api.call("GET", "/user/tokens/verify").send();
        } catch (CdnException e) {
            if (e.httpStatus() == 401 && e.errorCode().filter("1000"::equals).isPresent()) {
                return false;
            }
            throw e;
        }
        checkActive("GET /user/tokens/verify", result);
        tokenVerified = true;
        return true;
    }

    private void verifyAccountToken(Zone zone) {
        if (tokenVerified) {
            return;
        }
        String operation = "GET /accounts/{account_id}/tokens/verify";
        if (zone.accountId() == null || zone.accountId().isBlank()) {
            throw CdnException.builder(ID, operation, CdnException.Kind.AUTHENTICATION).httpStatus(401)
                    .detail("the token is not a user token (/user/tokens/verify: code 1000) and zone " + zone.name()
                            + " names no account to verify it against")
                    .hint("create or roll a token: " + CloudflareErrors.TOKEN_PERMISSIONS).build();
        }
        JsonNode result;
        try {
            result = api.call("GET", "/accounts/{account_id}/tokens/verify").path(zone.accountId()).send();
        } catch (CdnException e) {
            if (e.kind() != CdnException.Kind.AUTHENTICATION) {
                throw e;
            }
            throw CdnException.builder(ID, operation, CdnException.Kind.AUTHENTICATION).httpStatus(e.httpStatus())
                    .detail("the token is neither an active user token nor an active token of account "
                            + zone.accountId() + " (" + e.detail().orElse("refused") + ")")
                    .hint("create or roll a token: " + CloudflareErrors.TOKEN_PERMISSIONS).cause(e).build();
        }
        checkActive(operation, result);
        tokenVerified = true;
    }

    private static void checkActive(String operation, JsonNode result) {
        String status = result.path("status").asText();
        if (!"active".equals(status)) {
            throw CdnException.builder(ID, operation, CdnException.Kind.AUTHENTICATION).httpStatus(401)
                    .detail("the token is " + (status.isEmpty() ? "not active" : status))
                    .hint("create or roll a token: " + CloudflareErrors.TOKEN_PERMISSIONS).build();
        }
    }

    /** The zone holding every link domain: the longest zone name each is at or under. */
    private Zone zoneFor(List<String> domains) {
        if (zones == null) {
            zones = new ArrayList<>();
            for (JsonNode z : api.call("GET", "/zones").all()) {
                zones.add(new Zone(z.path("id").asText(), z.path("name").asText().toLowerCase(java.util.Locale.ROOT),
                        z.path("status").asText(), z.path("type").asText("full"), z.path("paused").asBoolean(false),
                        z.path("plan").path("legacy_id").asText(""), z.path("account").path("id").asText("")));
            }
        }
        Map<String, Zone> byDomain = new LinkedHashMap<>();
        for (String domain : domains) {
            Zone best = null;
            for (Zone z : zones) {
                if (HostNames.isAtOrUnder(domain, z.name()) && (best == null || z.name().length() > best.name().length())) {
                    best = z;
                }
            }
            if (best == null) {
                throw CdnException.builder(ID, "GET /zones", CdnException.Kind.NOT_FOUND)
                        .detail("no zone in this account holds " + domain)
                        .hint("add the link domain's zone to Cloudflare (full set-up) or give the token access to it")
                        .build();
            }
            byDomain.put(domain, best);
        }
        List<Zone> distinct = byDomain.values().stream().distinct().toList();
        if (distinct.size() > 1) {
            List<SpecProblem> problems = new ArrayList<>();
            byDomain.forEach((d, z) -> problems.add(new SpecProblem("linkDomains", d + " is in zone " + z.name())));
            problems.add(new SpecProblem("linkDomains", "a Cloudflare deployment is one zone; write one spec per zone"));
            throw new InvalidSpecException(problems);
        }
        return distinct.get(0);
    }

    private static boolean isPem(LinkProxySpec spec) {
        return spec.certificate() instanceof CertificateSource.Pem;
    }

    private Result diff(LinkProxySpec spec, Live live) {
        ObjectNode wanted = renderer.render(spec, Optional.of(live.zone().name())).config();
        return CloudflareDiff.diff(wanted, live, !(spec.certificate() instanceof CertificateSource.Pem),
                options.replaceExistingRecords());
    }

    // ---- results ----------------------------------------------------------------------------------------------

    private Deployment deployment(LinkProxySpec spec, Live live, Map<String, String> written) {
        Map<String, String> resources = new TreeMap<>();
        resources.put("zone", live.zone().name());
        live.records().forEach((domain, list) -> list.stream().filter(r -> "CNAME".equals(r.path("type").asText()))
                .findFirst().ifPresent(r -> resources.put("dns_record:" + domain, r.path("id").asText())));
        live.entrypoint().ifPresent(e -> resources.put("ruleset", e.path("id").asText()));
        live.cacheEntrypoint().ifPresent(e -> resources.put("cache_ruleset", e.path("id").asText()));
        String kind = spec.certificate() instanceof CertificateSource.Pem ? CUSTOM_CERTIFICATE : CERTIFICATE_PACK;
        String state = "active";
        for (String domain : spec.linkDomains()) {
            Optional<JsonNode> cover = CloudflareDiff.coveringCertificate(domain, live.certificates());
            if (cover.isPresent() && !"active".equals(cover.get().path("status").asText())) {
                state = cover.get().path("status").asText();
                resources.put(kind, cover.get().path("id").asText());
            }
        }
        written.forEach((k, v) -> {
            if (!k.equals("certificate_status")) {
                resources.put(k, v);
            }
        });
        if (written.containsKey("certificate_status")) {
            state = written.get("certificate_status");
        }
        boolean deployed = "active".equals(state);
        CutoverTarget target = new CutoverTarget(spec.linkDomains().get(0), CloudflareAddressRanges.all(), true);
        return new Deployment(ID, live.zone().id(), resources, spec.linkDomains(), target,
                deployed ? Deployment.Status.DEPLOYED : Deployment.Status.IN_PROGRESS, state);
    }

    /**
     * A {@code pem:} source's files, read and checked before the first API call, so a bad file costs no call at all
     * ({@link CertificateFiles}: the key belongs to the certificate, which is inside its validity window on the
     * client's clock and names every link domain). Every problem is reported at once, naming the files, never their
     * content. Null for the other certificate sources.
     *
     * @throws InvalidSpecException naming every problem with the files
     */
    private CertificateFiles.Bundle checkedPem(LinkProxySpec spec) {
        return spec.certificate() instanceof CertificateSource.Pem pem
                ? CertificateFiles.read(pem, spec.linkDomains(), options.clock().instant()) : null;
    }

    /** The upload body with the checked PEM files in it. */
    private static ObjectNode upload(ObjectNode rendered, CertificateFiles.Bundle bundle) {
        ObjectNode body = rendered.deepCopy();
        body.put("certificate", bundle.chainPem());
        body.put("private_key", bundle.privateKey().reveal());
        return body;
    }

    private static String validationRecords(JsonNode cert) {
        JsonNode records = cert.path("validation_records");
        if (!records.isArray() || records.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("; validation:");
        records.forEach(r -> out.append(" TXT ").append(r.path("txt_name").asText()).append(" = ")
                .append(r.path("txt_value").asText()));
        return out.toString();
    }

    private void report(Progress progress, String stage, String message, long start) {
        progress.report(new ProgressEvent(ID, stage, message,
                Duration.ofNanos(options.nanoClock().getAsLong() - start)));
    }
}
