package dev.linkproxy.samples;

import dev.linkproxy.core.CdnException;
import dev.linkproxy.core.InvalidSpecException;
import dev.linkproxy.core.LinkProxyException;
import picocli.CommandLine;

/** The exit codes every linkproxy CLI uses. */
public final class ExitCode {

    /** Done as asked; for {@code verify}, every domain is ready. */
    public static final int OK = 0;
    /** {@code verify}: a domain is not ready. Otherwise anything else: a bug, an interrupted run, a refused confirmation. */
    public static final int FAILURE = 1;
    /** Bad input: flags, spec file or spec values, settings; the messages are on stderr. */
    public static final int BAD_INPUT = 2;
    /** The CDN's API refused or failed (after retries), or a wait timed out. */
    public static final int PROVIDER = 3;

    private ExitCode() {
    }

    /** The code for a failure. */
    public static int of(Throwable e) {
        if (e instanceof InvalidSpecException || e instanceof CommandLine.ParameterException) {
            return BAD_INPUT;
        }
        if (e instanceof CdnException) {
            return PROVIDER;
        }
        if (e instanceof LinkProxyException) {
            return BAD_INPUT; // missing or malformed settings, unknown provider
        }
        return FAILURE;
    }
}
