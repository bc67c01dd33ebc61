package dev.linkproxy.samples;

import dev.linkproxy.core.spi.Deployment;
import dev.linkproxy.verifier.ExpectedTarget;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * What {@code verify} expects the link domains to point at when {@code --expect-target} is not given: one per CDN.
 * Some CDNs name the target only once deployed (CloudFront's {@code d111.cloudfront.net}), so the hook may ask for
 * the live deployment; others publish a target that holds for every customer (Fastly's {@code .fastly.net},
 * Cloudflare's address ranges) and need no credentials.
 *
 * @param readsLiveDeployment true when {@code verify} should look up the deployment serving the link domains (with
 *                            the provider's credentials, if any) and pass it to {@code target}
 * @param target              the expected target, from the live deployment when one was found
 * @param description         what is expected, in words, for {@code verify --help}
 */
public record ExpectedTargetDefault(boolean readsLiveDeployment, Function<Optional<Deployment>, ExpectedTarget> target,
                                    String description) {

    public ExpectedTargetDefault {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(description, "description");
    }

    /** The same target whatever is deployed; no lookup. */
    public static ExpectedTargetDefault fixed(ExpectedTarget target, String description) {
        Objects.requireNonNull(target, "target");
        return new ExpectedTargetDefault(false, live -> target, description);
    }

    /** The live deployment's cutover target when it can be read, else {@code fallback}. */
    public static ExpectedTargetDefault liveDeploymentOr(ExpectedTarget fallback, String description) {
        Objects.requireNonNull(fallback, "fallback");
        return new ExpectedTargetDefault(true,
                live -> live.map(d -> ExpectedTarget.of(d.cutoverTarget())).orElse(fallback), description);
    }

    /** The target when no deployment is known. */
    public ExpectedTarget fallback() {
        return target.apply(Optional.empty());
    }
}
