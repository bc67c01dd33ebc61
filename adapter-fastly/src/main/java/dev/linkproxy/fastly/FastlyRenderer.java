package dev.linkproxy.fastly;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.linkproxy.core.CertificateSource;
import dev.linkproxy.core.HttpMethod;
import dev.linkproxy.core.HttpVersion;
import dev.linkproxy.core.InvalidSpecException;
import dev.linkproxy.core.LinkDomainHeader;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.OriginProtocol;
import dev.linkproxy.core.SpecProblem;
import dev.linkproxy.core.TlsVersion;
import dev.linkproxy.core.ViewerProtocol;
import dev.linkproxy.core.spi.NativeConfig;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Turns a spec into the objects Fastly's API receives, in the API's own (snake_case) field names. Pure: no network,
 * no credentials, no file reads (an uploaded certificate is named by its files, never carried).
 *
 * <p>The config holds {@code service}, {@code domains}, {@code backends}, {@code snippets}, {@code settings} and
 * {@code tls}. Pass-through is a VCL snippet, not a request setting: {@code fastly-api.json} documents no form field
 * for creating a request setting (it would take a create and then an update), and the same snippet is where
 * {@code X-Forwarded-Host} is set, since the header API is not part of the documented surface we use.
 */
final class FastlyRenderer {

    /** The one backend linkproxy owns on a service; other backends are left alone. */
    static final String BACKEND_NAME = "linkproxy_origin";
    /** Snippets linkproxy owns start with this; others are left alone. */
    static final String SNIPPET_PREFIX = "linkproxy_";
    static final String RECV_SNIPPET = "linkproxy_recv";
    static final String ERROR_SNIPPET = "linkproxy_error";
    /** Marks the domains linkproxy added, so a link domain dropped from the spec may be removed and no other. */
    static final String DOMAIN_COMMENT = "linkproxy";
    static final String DEFAULT_CA = "certainly";
    static final List<String> CERTIFICATE_AUTHORITIES = List.of("certainly", "lets-encrypt", "globalsign");
    /** The synthetic status the recv snippet raises and the error snippet turns into an HTTPS redirect. */
    static final int REDIRECT_STATUS = 601;

    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    private FastlyRenderer() {
    }

    /** The service name linkproxy gives and looks up first: stable for a spec whose first link domain stays. */
    static String serviceName(LinkProxySpec spec) {
        return "linkproxy " + spec.linkDomains().get(0);
    }

    /** Renders with the default certificate authority ({@value #DEFAULT_CA}). */
    static NativeConfig render(LinkProxySpec spec) {
        return render(spec, DEFAULT_CA);
    }

    /**
     * Renders {@code spec}; {@code certificateAuthority} is used for {@code certificate: managed}.
     *
     * @throws InvalidSpecException for an {@code acm:} certificate, which lives in AWS and cannot serve on Fastly
     */
    static NativeConfig render(LinkProxySpec spec, String certificateAuthority) {
        if (spec.certificate() instanceof CertificateSource.Acm acm) {
            throw new InvalidSpecException(List.of(new SpecProblem("certificate", "\"" + acm
                    + "\" is an AWS Certificate Manager certificate, which Fastly cannot use; give \"managed\" (Fastly"
                    + " issues one through a TLS subscription) or \"pem:<certificate file>,<key file>\" (uploaded)")));
        }
        List<String> notes = new ArrayList<>();
        ObjectNode config = F.objectNode();

        ObjectNode service = config.putObject("service");
        service.put("name", serviceName(spec));
        service.put("type", "vcl");
        service.put("comment", "managed by linkproxy: " + String.join(", ", spec.linkDomains()));

        ArrayNode domains = config.putArray("domains");
        for (String d : spec.linkDomains()) {
            domains.addObject().put("name", d).put("comment", DOMAIN_COMMENT);
        }

        config.putArray("backends").add(backend(spec));
        config.set("snippets", snippets(spec, notes));

        // general.default_ttl is Fastly's fallback TTL when the origin says nothing (SparkPost's guide sets 10).
        // With a zero TTL the recv snippet passes every request, so this value is never used to cache.
        config.putObject("settings").put("general.default_ttl", spec.cacheTtl().toSeconds());

        config.set("tls", tls(spec, certificateAuthority, notes));

        notes.add("priceClass: Fastly serves from every POP; it has no price classes");
        notes.add("forwarding: Fastly forwards every header (Host included), cookie and query string unless told "
                + "otherwise, so there is nothing to render");
        if (spec.minViewerTls() != TlsVersion.TLS_1_2) {
            notes.add("minViewerTls: " + spec.minViewerTls().wireName() + " is set by the Fastly TLS configuration "
                    + "(account-wide), not by the service; choose a TLS configuration with that minimum in Fastly");
        } else {
            notes.add("minViewerTls: the edge's TLS versions come from the TLS configuration the domains use "
                    + "(Fastly's default offers TLS 1.2 and 1.3)");
        }
        if (spec.httpVersions().contains(HttpVersion.HTTP_3)) {
            notes.add("httpVersions: HTTP/3 on Fastly needs h3 advertised from VCL (h3.alt_svc); linkproxy does not "
                    + "render it. HTTP/1.0, 1.1 and 2 come from the TLS configuration");
        } else {
            notes.add("httpVersions: HTTP/1.0, 1.1 and 2 come from the TLS configuration; nothing to render");
        }
        return new NativeConfig(FastlyProvider.ID, config, notes);
    }

    private static ObjectNode backend(LinkProxySpec spec) {
        String origin = spec.origin().host();
        ObjectNode b = F.objectNode();
        b.put("name", BACKEND_NAME);
        b.put("address", origin);
        if (spec.originProtocol() == OriginProtocol.HTTPS_ONLY) {
            b.put("port", 443);
            b.put("use_ssl", true);
            // Both set: cert_hostname is only checked against the certificate, sni_hostname only sent as SNI.
            b.put("ssl_cert_hostname", origin);
            b.put("ssl_sni_hostname", origin);
            b.put("ssl_check_cert", true);
            b.put("min_tls_version", spec.minOriginTls().wireName());
        } else {
            b.put("port", 80);
            b.put("use_ssl", false);
        }
        // Unset on purpose: override_host would replace the client's Host, and SendGrid routes by it.
        b.putNull("override_host");
        b.put("first_byte_timeout", spec.originReadTimeout().toMillis());
        b.put("keepalive_time", spec.originKeepAlive().toSeconds());
        return b;
    }

    private static ArrayNode snippets(LinkProxySpec spec, List<String> notes) {
        List<String> recv = new ArrayList<>();
        if (!spec.methods().equals(EnumSet.allOf(HttpMethod.class))) {
            String allowed = spec.methods().stream().map(HttpMethod::name).sorted().collect(Collectors.joining("|"));
            recv.add("if (req.method !~ \"^(" + allowed + ")$\") { error 405 \"Method Not Allowed\"; }");
        }
        if (spec.viewerProtocol() == ViewerProtocol.REDIRECT_TO_HTTPS) {
            recv.add("if (!req.is_ssl) { error " + REDIRECT_STATUS + " \"linkproxy https\"; }");
        }
        if (spec.linkDomainHeader() == LinkDomainHeader.X_FORWARDED_HOST) {
            // The origin learns the link domain from this header; Host still reaches it unchanged too.
            recv.add("set req.http.X-Forwarded-Host = req.http.host;");
        }
        if (spec.cacheTtl().isZero()) {
            recv.add("return(pass);");
        } else {
            notes.add("cacheTtl: " + spec.cacheTtl().toSeconds() + " s is Fastly's fallback TTL (general.default_ttl); "
                    + "an origin Cache-Control header still takes precedence, and non-GET/HEAD requests are never cached");
        }
        ArrayNode out = F.arrayNode();
        if (!recv.isEmpty()) {
            out.add(snippet(RECV_SNIPPET, "recv", String.join("\n", recv) + "\n"));
        }
        if (spec.viewerProtocol() == ViewerProtocol.REDIRECT_TO_HTTPS) {
            // 308 keeps the method and body, so a POST to an http:// link still reaches the origin.
            out.add(snippet(ERROR_SNIPPET, "error", "if (obj.status == " + REDIRECT_STATUS
                    + " && obj.response == \"linkproxy https\") {\n"
                    + "  set obj.status = 308;\n"
                    + "  set obj.response = \"Permanent Redirect\";\n"
                    + "  set obj.http.Location = \"https://\" req.http.host req.url;\n"
                    + "  synthetic {\"\"};\n"
                    + "  return(deliver);\n"
                    + "}\n"));
        }
        return out;
    }

    private static ObjectNode snippet(String name, String type, String content) {
        return F.objectNode().put("name", name).put("type", type).put("dynamic", "0").put("priority", "100")
                .put("content", content);
    }

    private static ObjectNode tls(LinkProxySpec spec, String ca, List<String> notes) {
        ObjectNode tls = F.objectNode();
        if (spec.certificate() instanceof CertificateSource.Pem pem) {
            tls.put("certificate", "pem");
            tls.put("certificate_file", pem.certificateFile().toString());
            tls.put("key_file", pem.keyFile().toString());
            String name = "linkproxy " + spec.linkDomains().get(0);
            // key and cert_blob are read from the files at apply time; a render never holds key material.
            tls.set("tls_private_key", jsonApi("tls_private_key", F.objectNode().put("name", name)));
            tls.set("tls_certificate", jsonApi("tls_certificate", F.objectNode().put("name", name)));
            ArrayNode activations = tls.putArray("tls_activations");
            for (String d : spec.linkDomains()) {
                ObjectNode data = activations.addObject().putObject("data");
                data.put("type", "tls_activation");
                data.putObject("relationships").putObject("tls_domain").putObject("data")
                        .put("type", "tls_domain").put("id", d);
            }
            notes.add("certificate: the PEM files are read when applying; the key is sent to Fastly only, never shown");
        } else {
            tls.put("certificate", "managed");
            ObjectNode sub = jsonApi("tls_subscription", F.objectNode().put("certificate_authority", ca));
            ObjectNode rel = ((ObjectNode) sub.get("data")).putObject("relationships");
            ArrayNode ds = rel.putObject("tls_domains").putArray("data");
            spec.linkDomains().forEach(d -> ds.addObject().put("type", "tls_domain").put("id", d));
            rel.putObject("common_name").putObject("data").put("type", "tls_domain").put("id", spec.linkDomains().get(0));
            tls.set("tls_subscription", sub);
        }
        // The cutover target is read from the TLS configuration's DNS records when applying, never hard-coded.
        ObjectNode pick = tls.putObject("dns_record");
        pick.put("record_type", "CNAME");
        pick.put("region", "global");
        pick.put("dualstack", spec.ipv6());
        if (!spec.ipv6()) {
            notes.add("ipv6: off picks the TLS configuration's IPv4-only CNAME; Fastly answers IPv6 only on its "
                    + "dualstack names");
        }
        return tls;
    }

    private static ObjectNode jsonApi(String type, ObjectNode attributes) {
        ObjectNode body = F.objectNode();
        ObjectNode data = body.putObject("data");
        data.put("type", type);
        data.set("attributes", attributes);
        return body;
    }
}
