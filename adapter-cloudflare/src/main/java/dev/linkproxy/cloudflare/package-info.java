/**
 * The Cloudflare adapter (full DNS set-up): a proxied CNAME per link domain to the ESP origin, a configuration rule
 * per link domain setting SSL mode {@code full} for that host only, the per-hostname minimum TLS version, and the edge
 * certificate (Universal SSL, an advanced certificate pack, or an uploaded {@code sni_custom} certificate).
 *
 * <p>Read in the order of the flow: {@link dev.linkproxy.cloudflare.CloudflareProvider},
 * {@link dev.linkproxy.cloudflare.CloudflareRenderer}, {@link dev.linkproxy.cloudflare.CloudflareClient},
 * {@code CloudflareDiff}, {@code CloudflareApi}, {@code CloudflareErrors},
 * {@link dev.linkproxy.cloudflare.CloudflareAddressRanges}.
 */
package dev.linkproxy.cloudflare;
