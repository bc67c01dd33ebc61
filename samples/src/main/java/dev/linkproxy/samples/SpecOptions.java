package dev.linkproxy.samples;

import dev.linkproxy.core.Forwarding;
import dev.linkproxy.core.InvalidSpecException;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.SpecFiles;
import dev.linkproxy.core.SpecProblem;
import dev.linkproxy.core.WireName;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * The spec, from {@code --spec FILE} (YAML or JSON) or from flags; flags given with a file override its values.
 * Shared by every CDN's CLI.
 */
public final class SpecOptions {

    @Option(names = "--spec", paramLabel = "FILE", description = "Spec file, YAML (.yaml, .yml) or JSON (.json).")
    Path specFile;

    @Option(names = "--domain", paramLabel = "HOST", description = "A link domain; repeat for several.")
    List<String> domains = new ArrayList<>();

    @Option(names = "--origin", paramLabel = "ORIGIN",
            description = "ESP preset (sendgrid, sendgrid-eu, sparkpost, sparkpost-eu, ses:<region>, iterable,"
                    + " customerio, mailgun) or the origin's host name. Default: sendgrid.")
    String origin;

    @Option(names = "--certificate", paramLabel = "SOURCE",
            description = "acm:<certificate ARN> (CloudFront; us-east-1), managed, or pem:<cert file>,<key file>.")
    String certificate;

    @Option(names = "--forwarding", paramLabel = "MODE",
            description = "managed-policies (default) or runbook (the legacy forwarded values, word for word).")
    String forwarding;

    /**
     * The spec these options describe.
     *
     * @throws InvalidSpecException listing every problem, each with its field
     */
    public LinkProxySpec toSpec() {
        LinkProxySpec.Builder b = specFile == null ? LinkProxySpec.builder() : SpecFiles.read(specFile).toBuilder();
        List<SpecProblem> problems = new ArrayList<>();
        if (!domains.isEmpty()) {
            b.linkDomains(domains);
        }
        if (origin != null) {
            b.origin(origin).originProtocol(null).linkDomainHeader(null).cacheTtl(null); // the preset's defaults
        }
        if (certificate != null) {
            b.certificate(certificate);
        }
        if (forwarding != null) {
            WireName.parse(Forwarding.class, forwarding).ifPresentOrElse(b::forwarding,
                    () -> problems.add(new SpecProblem("forwarding", "\"" + forwarding + "\" is not one of "
                            + WireName.choices(Forwarding.class))));
        }
        try {
            LinkProxySpec spec = b.build();
            if (problems.isEmpty()) {
                return spec;
            }
        } catch (InvalidSpecException e) {
            problems.addAll(e.problems());
        }
        throw new InvalidSpecException(problems);
    }
}
