package dev.linkproxy.cloudflare;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;

/**
 * The fake account on a loopback port, to try the CLI by hand as a user would ({@code --endpoint}): an account-owned
 * token, one zone {@code example.com} (Business, ACM). Run with the test classpath:
 * {@code java -cp … dev.linkproxy.cloudflare.FakeCloudflareServer [port]}; stop with Ctrl-C.
 */
public final class FakeCloudflareServer {

    private FakeCloudflareServer() {
    }

    public static void main(String[] args) {
        FakeCloudflare fake = new FakeCloudflare();
        fake.zone("example.com");
        fake.accountToken = true;
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        WireMockServer server = new WireMockServer(options().port(port).bindAddress("127.0.0.1").extensions(fake));
        server.start();
        server.stubFor(any(urlPathMatching("/client/v4/.*")).willReturn(aResponse().withTransformers(FakeCloudflare.NAME)));
        System.out.println("fake Cloudflare (account token, zone example.com) at " + server.baseUrl() + FakeCloudflare.PREFIX);
    }
}
