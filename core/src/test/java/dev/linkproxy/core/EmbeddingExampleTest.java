package dev.linkproxy.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.linkproxy.core.spi.CdnClient;
import dev.linkproxy.core.spi.CdnProvider;
import dev.linkproxy.core.spi.Deployment;
import dev.linkproxy.core.spi.Plan;
import dev.linkproxy.core.spi.ProviderSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The README's embedding example runs here, and the README shows exactly this code. */
class EmbeddingExampleTest {

    @Test
    void theExampleRunsAgainstTheMemoryProvider() {
        List<String> out = new ArrayList<>();
        // README-EXAMPLE-BEGIN
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
        // README-EXAMPLE-END
        assertTrue(out.get(0).startsWith("memory: 1 change\n  + deployment"), out.get(0));
        assertEquals("point [ablink.news.example.com] at CNAME mem-1.memory-cdn.test", out.get(out.size() - 1));
    }

    @Test
    void theReadmeShowsThisExample() throws Exception {
        Path root = Path.of(System.getProperty("user.dir")).getParent();
        String readme = Files.readString(root.resolve("README.md"));
        String test = Files.readString(root.resolve("core/src/test/java/dev/linkproxy/core/EmbeddingExampleTest.java"));
        Matcher inTest = Pattern.compile("// README-EXAMPLE-BEGIN\n(.*?)\\s*// README-EXAMPLE-END", Pattern.DOTALL).matcher(test);
        Matcher inReadme = Pattern.compile("```java\n(LinkProxySpec spec = .*?)```", Pattern.DOTALL).matcher(readme);
        assertTrue(inTest.find() && inReadme.find(), "example markers not found");
        assertEquals(inTest.group(1).stripIndent().strip(), inReadme.group(1).strip());
    }
}
