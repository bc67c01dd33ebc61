package example;

import dev.linkproxy.core.CdnProviders;
import dev.linkproxy.core.LinkProxySpec;
import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.CdnProvider;
import dev.linkproxy.core.spi.Deployment;
import dev.linkproxy.core.spi.Plan;
import dev.linkproxy.core.spi.ProviderSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The README's embedding example, as a user's own code runs it; prints what it did. */
public final class Embedding {
    public static void main(String[] args) {
        List<String> out = new ArrayList<>();
        LinkProxySpec spec = LinkProxySpec.builder()
                .linkDomains("ablink.news.example.com")
                .origin("sendgrid")
                .certificate("managed")
                .build();
        CdnProvider cdn = CdnProviders.get("memory"); // or "cloudfront", "cloudflare", "fastly"
        try (CdnClient client = cdn.connect(ProviderSettings.defaults())) {
            Plan plan = client.plan(spec);
            out.add(plan.toText());
            Deployment deployment = client.apply(spec, event -> out.add(event.toString()));
            deployment = client.await(deployment, Duration.ofMinutes(30), event -> out.add(event.toString()));
            out.add("point " + spec.linkDomains() + " at " + deployment.cutoverTarget());
        }
        out.forEach(System.out::println);
        if (!CdnProviders.get("cloudfront").id().equals("cloudfront")) {
            throw new IllegalStateException("the CloudFront adapter was not found on the class path");
        }
    }
}
