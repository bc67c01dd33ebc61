package dev.linkproxy.core;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What linkproxy knows about an email service provider's click-tracking origin (PROVIDERS.md §1.1).
 *
 * @param name               the preset's name in spec files, e.g. {@code sendgrid} or {@code ses:eu-west-1}
 * @param originHost         the tracking origin the CDN forwards to
 * @param originProtocol     how the CDN reaches it (Mailgun's origin speaks HTTP only)
 * @param linkDomainHeader   how the origin learns the clicked link domain
 * @param trackedPathPrefixes path prefixes of tracked links, for health checks and allow-lists
 * @param sampleTrackedLink  a path and query the verifier requests when none is given; empty when the ESP's link
 *                           format is not documented
 * @param cacheTtl           the cache TTL the ESP recommends (zero: no caching)
 */
public record EspPreset(String name, String originHost, OriginProtocol originProtocol,
                        LinkDomainHeader linkDomainHeader, List<String> trackedPathPrefixes,
                        Optional<String> sampleTrackedLink, Duration cacheTtl) {

    private static final Pattern AWS_REGION = Pattern.compile("[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\\d{1,2}");

    /** The fixed presets; {@code ses:<region>} is built on demand. */
    public static final List<EspPreset> FIXED = List.of(
            sendgrid("sendgrid", "sendgrid.net"),
            sendgrid("sendgrid-eu", "eu.sendgrid.net"),
            sparkpost("sparkpost", "spgo.io"),
            sparkpost("sparkpost-eu", "eu.spgo.io"),
            plain("iterable", "links.iterable.com", OriginProtocol.HTTPS_ONLY),
            // Iterable's EU data center: support.iterable.com/hc/en-us/articles/115000427446 (PROVIDERS.md §1.1).
            plain("iterable-eu", "links.eu.iterable.com", OriginProtocol.HTTPS_ONLY),
            plain("customerio", "track.customer.io", OriginProtocol.HTTPS_ONLY),
            // Customer.io's EU region: docs.customer.io/journeys/https-link-verification (PROVIDERS.md §1.1).
            plain("customerio-eu", "track-eu.customer.io", OriginProtocol.HTTPS_ONLY),
            plain("mailgun", "mailgun.org", OriginProtocol.HTTP_ONLY),
            // Mailgun's EU region, HTTP only like the US origin: help.mailgun.com/hc/en-us/articles/360011566033.
            plain("mailgun-eu", "eu.mailgun.org", OriginProtocol.HTTP_ONLY));

    public EspPreset {
        trackedPathPrefixes = List.copyOf(trackedPathPrefixes);
    }

    /** Every preset name a spec may use, for messages. */
    public static String names() {
        StringBuilder out = new StringBuilder();
        for (EspPreset p : FIXED) {
            out.append(p.name()).append(", ");
        }
        return out.append("ses:<region>").toString();
    }

    /**
     * Finds the preset called {@code name}.
     *
     * @return the preset, or empty when {@code name} is not a preset name
     * @throws IllegalArgumentException when it starts with {@code ses:} but does not name an AWS region
     */
    public static Optional<EspPreset> find(String name) {
        String wanted = name.trim().toLowerCase(java.util.Locale.ROOT);
        if (wanted.startsWith("ses:")) {
            String region = wanted.substring(4);
            if (region.isEmpty()) {
                throw new IllegalArgumentException("\"" + name.trim()
                        + "\" needs an AWS region, e.g. \"ses:us-east-1\"");
            }
            if (!AWS_REGION.matcher(region).matches()) {
                throw new IllegalArgumentException("\"" + name.trim()
                        + "\" does not name an AWS region; use e.g. \"ses:eu-west-1\"");
            }
            return Optional.of(new EspPreset(wanted, "r." + region + ".awstrack.me", OriginProtocol.HTTPS_ONLY,
                    LinkDomainHeader.X_FORWARDED_HOST, List.of("/CL0/", "/CL1/"), Optional.empty(), Duration.ZERO));
        }
        return FIXED.stream().filter(p -> p.name().equals(wanted)).findFirst();
    }

    private static EspPreset sendgrid(String name, String host) {
        return new EspPreset(name, host, OriginProtocol.HTTPS_ONLY, LinkDomainHeader.HOST,
                List.of("/wf/click", "/uni/wf/click", "/ls/click", "/ss/"), Optional.of("/wf/click?upn=linkproxy-check"),
                Duration.ZERO);
    }

    private static EspPreset sparkpost(String name, String host) {
        // SparkPost asks for a 10 s TTL because mail gateways scan every link (PROVIDERS.md §1.4).
        return new EspPreset(name, host, OriginProtocol.HTTPS_ONLY, LinkDomainHeader.X_FORWARDED_HOST,
                List.of("/f/", "/q/"), Optional.of("/f/a/"), Duration.ofSeconds(10));
    }

    private static EspPreset plain(String name, String host, OriginProtocol protocol) {
        return new EspPreset(name, host, protocol, LinkDomainHeader.HOST, List.of(), Optional.empty(), Duration.ZERO);
    }
}
