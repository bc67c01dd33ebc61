package dev.linkproxy.core.spi;

import dev.linkproxy.core.LinkProxySpec;
import java.util.List;

/**
 * A CDN linkproxy can configure, found with {@link java.util.ServiceLoader}: list the implementation in
 * {@code META-INF/services/dev.linkproxy.core.spi.CdnProvider}. Describes itself so a tool can tell a person what
 * it needs.
 */
public interface CdnProvider {

    /** A short stable id: {@code cloudfront}, {@code cloudflare}, {@code fastly}, {@code memory}. */
    String id();

    /** One line for a person, e.g. "Amazon CloudFront (distribution + ACM certificate)". */
    String description();

    /** The settings {@link #connect} reads, with the environment variables that stand in for them. */
    List<SettingDescriptor> settings();

    /**
     * The spec as the objects this CDN's API will receive. Pure: no network, no credentials, equal specs give
     * equal configs.
     *
     * @throws dev.linkproxy.core.InvalidSpecException when the spec asks for something this CDN cannot do
     */
    NativeConfig render(LinkProxySpec spec);

    /**
     * The CAA issuer domains (RFC 8659) of the certificate authorities this CDN will ask for the spec's certificate,
     * any one of which a CAA set must allow ({@code amazon.com} for ACM). Empty when the spec's certificate is not
     * issued through the CDN ({@code pem:}, an existing {@code acm:<arn>}). Pure.
     */
    default List<String> certificateAuthorities(LinkProxySpec spec) {
        return List.of();
    }

    /**
     * A client for one account. Connecting makes no call; the first operation checks the credentials.
     *
     * @throws dev.linkproxy.core.LinkProxyException when a required setting is missing, naming it and its variable
     */
    CdnClient connect(ProviderSettings settings);
}
