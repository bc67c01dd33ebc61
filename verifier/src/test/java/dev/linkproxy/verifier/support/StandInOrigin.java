package dev.linkproxy.verifier.support;

import dev.linkproxy.verifier.support.TestServer.Request;
import dev.linkproxy.verifier.support.TestServer.Response;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What an ESP's click-tracking origin does, as far as the verifier can tell: a tracked link for a link domain it knows
 * is a 302 to the destination; an unknown link domain goes to the ESP's home page; a link without its token is a 404.
 * The link domain comes from {@code Host}, or from {@code X-Forwarded-Host} when the ESP reads that.
 */
public final class StandInOrigin implements Function<Request, Response> {

    private final String originHost;
    private final Set<String> linkDomains;
    private final boolean forwardedHost;

    public StandInOrigin(String originHost, Set<String> linkDomains, boolean forwardedHost) {
        this.originHost = originHost;
        this.linkDomains = Set.copyOf(linkDomains);
        this.forwardedHost = forwardedHost;
    }

    @Override
    public Response apply(Request r) {
        String domain = forwardedHost ? r.header("x-forwarded-host") : r.header("host");
        int q = r.target().indexOf('?');
        String query = q < 0 ? "" : r.target().substring(q + 1);
        if (!r.target().startsWith("/wf/click") && !r.target().startsWith("/f/") || !query.contains("upn=")) {
            return Response.status(404);
        }
        if (domain == null || !linkDomains.contains(domain)) {
            return Response.redirect(302, "https://" + originHost + "/");
        }
        return Response.redirect(302, "https://dest.test/landing?via=" + domain + "&" + query);
    }

    /** A proxy in front of this origin that passes the request on after {@code change}. */
    public Function<Request, Response> behind(Function<Request, Request> change) {
        return r -> apply(change.apply(r));
    }

    /** The request with its query string removed, as a CDN that does not forward query strings sends it. */
    public static Request withoutQuery(Request r) {
        int q = r.target().indexOf('?');
        return new Request(r.method(), q < 0 ? r.target() : r.target().substring(0, q), r.headers());
    }

    /** The request with {@code Host} set to {@code host}, as a CDN that rewrites Host to the origin's name sends it. */
    public static Function<Request, Request> hostRewrittenTo(String host) {
        return r -> {
            Map<String, String> headers = new HashMap<>(r.headers());
            headers.put("host", host);
            return new Request(r.method(), r.target(), headers);
        };
    }
}
