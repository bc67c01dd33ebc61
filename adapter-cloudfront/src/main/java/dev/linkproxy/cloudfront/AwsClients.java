package dev.linkproxy.cloudfront;

import dev.linkproxy.core.LinkProxyException;
import dev.linkproxy.core.spi.ProviderSettings;
import dev.linkproxy.core.spi.Secret;
import dev.linkproxy.core.spi.SettingDescriptor;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.acm.AcmClient;
import software.amazon.awssdk.services.cloudfront.CloudFrontClient;
import software.amazon.awssdk.services.route53.Route53Client;

/**
 * The SDK clients one {@link CloudFrontCdnClient} uses, sharing one JDK URLConnection HTTP client (no Netty, no
 * Apache client). The SDK's own retries are off: core's retry policy decides, around each call.
 *
 * @param cloudFront the CloudFront client (global; signed for us-east-1)
 * @param acm        the ACM client in us-east-1, the only region CloudFront takes certificates from
 * @param http       the HTTP client both use; closed with them
 * @param guard      checked before every call: no call whose session token a log would print
 */
record AwsClients(CloudFrontClient cloudFront, AcmClient acm, SdkHttpClient http, CredentialLogGuard guard)
        implements AutoCloseable {

    static AwsClients create(ProviderSettings settings) {
        AwsCredentialsProvider credentials = credentials(settings);
        SdkHttpClient http = http(settings);
        ClientOverrideConfiguration override = override(settings);
        var cf = CloudFrontClient.builder()
                .region(Region.AWS_GLOBAL)
                .credentialsProvider(credentials)
                .httpClient(http)
                .overrideConfiguration(override);
        var acm = AcmClient.builder()
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .httpClient(http)
                .overrideConfiguration(override);
        settings.endpoint().ifPresent(uri -> {
            cf.endpointOverride(uri);
            acm.endpointOverride(uri);
        });
        return new AwsClients(cf.build(), acm.build(), http, new CredentialLogGuard(credentials));
    }

    /**
     * The Route 53 client of the {@code route53} DNS provider, built the same way (global, signed for us-east-1).
     *
     * @param route53 the client
     * @param http    the HTTP client it uses; closed with it
     * @param guard   checked before every call
     */
    record Route53(Route53Client route53, SdkHttpClient http, CredentialLogGuard guard) implements AutoCloseable {
        @Override
        public void close() {
            route53.close();
            http.close();
        }
    }

    static Route53 route53(ProviderSettings settings) {
        AwsCredentialsProvider credentials = credentials(settings);
        SdkHttpClient http = http(settings);
        var builder = Route53Client.builder()
                .region(Region.AWS_GLOBAL)
                .credentialsProvider(credentials)
                .httpClient(http)
                .overrideConfiguration(override(settings));
        settings.endpoint().ifPresent(builder::endpointOverride);
        return new Route53(builder.build(), http, new CredentialLogGuard(credentials));
    }

    private static SdkHttpClient http(ProviderSettings settings) {
        return UrlConnectionHttpClient.builder()
                .connectionTimeout(settings.connectTimeout())
                .socketTimeout(settings.callTimeout())
                .build();
    }

    private static ClientOverrideConfiguration override(ProviderSettings settings) {
        return ClientOverrideConfiguration.builder()
                .apiCallTimeout(settings.callTimeout())
                .retryStrategy(AwsRetryStrategy.doNotRetry())
                .build();
    }

    /** The credential settings both AWS providers take (cloudfront, route53), with their environment variables. */
    static final List<SettingDescriptor> CREDENTIAL_SETTINGS = List.of(
            new SettingDescriptor("accessKeyId", "AWS access key id; without it the default credential chain is"
                    + " used (environment, ~/.aws profiles, SSO, container or instance role)", false, false,
                    Optional.of("AWS_ACCESS_KEY_ID")),
            new SettingDescriptor("secretAccessKey", "AWS secret access key, with accessKeyId", true, false,
                    Optional.of("AWS_SECRET_ACCESS_KEY")),
            new SettingDescriptor("sessionToken", "AWS session token, for temporary credentials", true, false,
                    Optional.of("AWS_SESSION_TOKEN")),
            new SettingDescriptor("profile", "a profile of ~/.aws/config to take credentials from", false, false,
                    Optional.of("AWS_PROFILE")));

    /** Explicit keys from the settings, else a named profile, else the AWS default chain. */
    static AwsCredentialsProvider credentials(ProviderSettings settings) {
        Optional<String> keyId = settings.value("accessKeyId");
        Optional<Secret> secret = settings.secret("secretAccessKey");
        if (keyId.isPresent() != secret.isPresent()) {
            throw new LinkProxyException("cloudfront settings: accessKeyId and secretAccessKey go together; "
                    + (keyId.isPresent() ? "secretAccessKey" : "accessKeyId") + " is missing");
        }
        if (keyId.isPresent()) {
            Optional<Secret> token = settings.secret("sessionToken");
            return StaticCredentialsProvider.create(token.isPresent()
                    ? AwsSessionCredentials.create(keyId.get(), secret.get().reveal(), token.get().reveal())
                    : AwsBasicCredentials.create(keyId.get(), secret.get().reveal()));
        }
        Optional<String> profile = settings.value("profile");
        if (profile.isPresent()) {
            return ProfileCredentialsProvider.builder().profileName(profile.get()).build();
        }
        return DefaultCredentialsProvider.builder().build();
    }

    @Override
    public void close() {
        cloudFront.close();
        acm.close();
        http.close();
    }
}
