package dev.linkproxy.core;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What to tell a person about an ESP around SSL click tracking: whether the ESP can serve HTTPS on the link domain
 * itself (then a CDN may not be needed at all), and what to ask of it once the link domain is cut over. Each with
 * its source (PROVIDERS.md §0 and §1).
 *
 * @param esp          the preset's name
 * @param managedHttps how the ESP serves HTTPS itself, when it can
 * @param afterCutover what to ask of the ESP once the link domain serves HTTPS through the CDN
 * @param sources      where each statement comes from
 */
public record EspAdvice(String esp, Optional<String> managedHttps, List<String> afterCutover, List<String> sources) {

    public EspAdvice {
        Objects.requireNonNull(esp, "esp");
        Objects.requireNonNull(managedHttps, "managedHttps");
        afterCutover = List.copyOf(afterCutover);
        sources = List.copyOf(sources);
    }

    /** The advice for {@code origin}: the preset's own, else the general one. */
    public static EspAdvice forOrigin(Origin origin) {
        String preset = origin.espPreset().map(EspPreset::name).orElse("");
        if (preset.startsWith("sendgrid")) {
            return new EspAdvice(preset, Optional.of("SendGrid can serve HTTPS on a link domain itself: link branding"
                    + " with Auto SSL (auto_ssl: true on POST /v3/whitelabel/links, the link domain CNAMEd to"
                    + " click.sendgrid.net), no CDN of your own"), List.of("Ask SendGrid support to enable SSL click"
                    + " tracking for the account, and separately for each subuser that sends with this link branding:"
                    + " it is per account, not per branded link. SendGrid checks that the link domain no longer points"
                    + " at sendgrid.net and terminates TLS correctly, which linkproxy has just proven."),
                    List.of("https://support.sendgrid.com/hc/en-us/articles/55419969558427",
                            "SendGrid SSL click tracking steps (PROVIDERS.md §1.2)"));
        }
        if (preset.startsWith("sparkpost")) {
            return new EspAdvice(preset, Optional.of("SparkPost serves HTTPS itself on its v2 tracking endpoints"
                    + " (v2.spgo.io, eu.v2.spgo.io), the default for tracking domains created after December 2025"),
                    List.of("Mark the tracking domain secure (PUT /api/v1/tracking-domains/{domain} with"
                            + " {\"secure\": true}) and verify it in SparkPost."),
                    List.of("SparkPost/support-docs content/docs/tech-resources/managed-https-for-tracking-domains.md"));
        }
        if (preset.startsWith("mailgun")) {
            return new EspAdvice(preset, Optional.of("Mailgun serves HTTPS itself with one-click HTTPS"
                    + " (POST /v2/x509/{domain}, Let's Encrypt)"), List.of("Turn on HTTPS click tracking for the"
                    + " sending domain in Mailgun."),
                    List.of("https://documentation.mailgun.com/docs/mailgun/api-reference/openapi-final/tag/Secure-tracking"));
        }
        if (preset.startsWith("customerio")) {
            return new EspAdvice(preset, Optional.of("Customer.io generates certificates itself for link domains added"
                    + " on or after 2025-10-07 (the Cloudflare proxy must then be off)"), List.of("Tell Customer.io the"
                    + " link domain serves HTTPS and verify it under the link tracking settings."),
                    List.of("https://docs.customer.io/journeys/https-link-verification"));
        }
        return new EspAdvice(preset.isEmpty() ? origin.host() : preset, Optional.empty(), List.of("Tell the ESP the"
                + " link domain now serves HTTPS through the CDN, and ask it to switch SSL click tracking on."),
                List.of("the SSL click-tracking runbook, step 5"));
    }
}
