package dev.linkproxy.cloudfront;

import dev.linkproxy.core.RetryPolicy;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * Runs one AWS call under core's {@link RetryPolicy}, SDK failures translated first so the policy sees retryable
 * kinds. Every call of the adapter goes through here, so the retry and error rules hold for all of them.
 */
final class ApiCalls {

    private static final Logger LOG = LoggerFactory.getLogger(ApiCalls.class);

    private final RetryPolicy retry;
    private final CredentialLogGuard guard;

    ApiCalls(RetryPolicy retry, CredentialLogGuard guard) {
        this.retry = retry;
        this.guard = guard;
    }

    <T> T call(String operation, Supplier<T> body) {
        return retry.execute(() -> {
            guard.check(operation);
            LOG.debug("cloudfront {}", operation);
            try {
                return body.get();
            } catch (SdkException e) {
                throw ErrorTranslator.translate(operation, e);
            }
        });
    }
}
