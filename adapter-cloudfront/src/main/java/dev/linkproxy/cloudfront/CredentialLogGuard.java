package dev.linkproxy.cloudfront;

import dev.linkproxy.core.CdnException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;

/**
 * Refuses to send a request whose session token a log would print. Two loggers below linkproxy print every request's
 * {@code X-Amz-Security-Token} when turned up: the AWS SDK's SigV4 signer logs the canonical request at DEBUG
 * (SLF4J logger {@value #SIGNER_LOGGER}, SDK 2.25 and later), and the JDK's {@code HttpURLConnection}, which the
 * URL-connection client uses, logs all request headers at FINE ({@value #JDK_HTTP_LOGGER}, through
 * {@link System.Logger}). Neither can be told to redact, so when temporary credentials (a session token: STS,
 * SSO, instance and container roles) meet either of them turned up, the call is not made: the error names the logger
 * to turn down. Long-term keys pass: the canonical request and the headers hold a signature, never the secret key.
 * The checks are two level look-ups per call, and the credentials are looked at only when a logger is turned up.
 */
final class CredentialLogGuard {

    /** The AWS SDK's SigV4 signer: its DEBUG output holds the canonical request, session token included. */
    static final String SIGNER_LOGGER = "software.amazon.awssdk.http.auth.aws.internal.signer.DefaultV4RequestSigner";
    /** The JDK's HTTP client: its FINE output holds every request header. */
    static final String JDK_HTTP_LOGGER = "sun.net.www.protocol.http.HttpURLConnection";

    private final AwsCredentialsProvider credentials;
    private final BooleanSupplier signerVerbose;
    private final BooleanSupplier jdkHttpVerbose;

    CredentialLogGuard(AwsCredentialsProvider credentials) {
        this(credentials, () -> LoggerFactory.getLogger(SIGNER_LOGGER).isDebugEnabled(),
                CredentialLogGuard::jdkHttpLogsHeaders);
    }

    CredentialLogGuard(AwsCredentialsProvider credentials, BooleanSupplier signerVerbose,
                       BooleanSupplier jdkHttpVerbose) {
        this.credentials = Objects.requireNonNull(credentials);
        this.signerVerbose = Objects.requireNonNull(signerVerbose);
        this.jdkHttpVerbose = Objects.requireNonNull(jdkHttpVerbose);
    }

    /**
     * Whether the JDK's HTTP client logs request headers: asked of the logger the JDK itself uses (java.base's, which
     * may differ from the one {@code System.getLogger} gives application code), and of the application's.
     */
    static boolean jdkHttpLogsHeaders() {
        System.Logger jdk = System.LoggerFinder.getLoggerFinder().getLogger(JDK_HTTP_LOGGER, Object.class.getModule());
        return jdk.isLoggable(System.Logger.Level.DEBUG)
                || System.getLogger(JDK_HTTP_LOGGER).isLoggable(System.Logger.Level.DEBUG);
    }

    /** Passes, or throws a {@link CdnException} for {@code operation} when a log would print its session token. */
    void check(String operation) {
        List<String> verbose = new ArrayList<>(2);
        if (signerVerbose.getAsBoolean()) {
            verbose.add(SIGNER_LOGGER + " (SLF4J, at DEBUG or finer)");
        }
        if (jdkHttpVerbose.getAsBoolean()) {
            verbose.add(JDK_HTTP_LOGGER + " (java.util.logging, at FINE or finer)");
        }
        if (verbose.isEmpty() || !(credentials.resolveCredentials() instanceof AwsSessionCredentials)) {
            return;
        }
        throw CdnException.builder(CloudFrontProvider.ID, operation, CdnException.Kind.INVALID_REQUEST)
                .detail("not sent: the credentials carry a session token, and " + String.join(" and ", verbose)
                        + " would print it with the request")
                .hint("set " + (verbose.size() == 1 ? "that logger" : "those loggers")
                        + " to INFO (or coarser) and run again; linkproxy never lets a credential reach a log")
                .build();
    }
}
