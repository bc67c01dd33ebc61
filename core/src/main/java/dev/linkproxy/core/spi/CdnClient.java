package dev.linkproxy.core.spi;

import dev.linkproxy.core.LinkProxySpec;
import java.time.Duration;
import java.util.Optional;

/**
 * A connection to one CDN account. Each method names the API calls it makes in its implementation's Javadoc.
 * Errors are {@link dev.linkproxy.core.CdnException}s naming provider, operation and status.
 */
public interface CdnClient extends AutoCloseable {

    /** The deployment that serves the spec's link domains, if any. Reads only. */
    Optional<Deployment> find(LinkProxySpec spec);

    /** What {@link #apply} would change: render, find, diff. Reads only. */
    Plan plan(LinkProxySpec spec);

    /**
     * Makes the CDN match the spec, changing only the fields linkproxy manages. Writes nothing when the plan is
     * empty; a retry after a lost answer never creates a second resource.
     */
    Deployment apply(LinkProxySpec spec, Progress progress);

    /**
     * Waits until {@code deployment} is live at every edge, reporting progress.
     *
     * @throws dev.linkproxy.core.CdnException of kind {@code TIMEOUT} when {@code timeout} passes first
     */
    Deployment await(Deployment deployment, Duration timeout, Progress progress);

    /** Releases connections; no exception. */
    @Override
    void close();
}
