package dev.linkproxy.verifier.bench;

import dev.linkproxy.verifier.BulkSummary;
import dev.linkproxy.verifier.VerificationReport;
import dev.linkproxy.verifier.VerificationRequest;
import dev.linkproxy.verifier.Verifier;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies {@code d0.bench.test … d<N-1>.bench.test} with {@link Verifier#verifyAll}, against the nginx edge and the
 * Knot zone that {@code verifier/bench/run.sh} starts, and prints one line of figures. Not part of the published jar:
 * the script compiles it against the packaged verifier.
 *
 * <p>Arguments: {@code dnsPort httpsPort httpPort caPem n concurrency warmup}.
 */
public final class BulkBench {

    private static final String ZONE = "bench.test";
    private static final String ORIGIN = "origin." + ZONE;
    private static final String LINK = "/wf/click?upn=bench";

    private BulkBench() {
    }

    public static void main(String[] args) throws IOException {
        int dnsPort = Integer.parseInt(args[0]);
        int httpsPort = Integer.parseInt(args[1]);
        int httpPort = Integer.parseInt(args[2]);
        Path ca = Path.of(args[3]);
        int n = Integer.parseInt(args[4]);
        int concurrency = Integer.parseInt(args[5]);
        int warmup = Integer.parseInt(args[6]);

        // The origin is the same nginx (one server answers every name with the same 302), so the link checks pass.
        Verifier verifier = Verifier.builder().allowAddresses("127.0.0.0/8", "::1/128").resolvers("127.0.0.1:" + dnsPort).trustPem(ca)
                .connectTo(ORIGIN + ":443:127.0.0.1:" + httpsPort)
                .connectTo(":443::" + httpsPort)
                .connectTo(":80::" + httpPort)
                .concurrency(concurrency)
                .build();

        run(verifier, warmup);
        Run measured = run(verifier, n);
        long[] ms = measured.latencyMicros;
        Arrays.sort(ms);
        BulkSummary s = measured.summary;
        System.out.printf("n=%d concurrency=%d ready=%d notReady=%d failed=%s elapsedMs=%d domainsPerSec=%.1f "
                        + "p50Ms=%.1f p99Ms=%.1f peakRssMb=%.1f%n",
                n, concurrency, s.ready(), s.notReady(), s.failed(), s.elapsed().toMillis(), s.perSecond(),
                percentile(ms, 50) / 1000.0, percentile(ms, 99) / 1000.0, peakRssKb() / 1024.0);
    }

    private record Run(BulkSummary summary, long[] latencyMicros) {
    }

    /**
     * One bulk run over the first {@code n} domains. The only per-domain state here is the benchmark's own latency array
     * (8 bytes a domain, for the percentiles); start times live only while a domain is running.
     */
    private static Run run(Verifier verifier, int n) {
        Map<String, Long> started = new ConcurrentHashMap<>();
        long[] latency = new long[n];
        int[] done = {0};
        Iterable<VerificationRequest> requests = () -> new Iterator<>() {
            private int next;

            @Override
            public boolean hasNext() {
                return next < n;
            }

            @Override
            public VerificationRequest next() {
                String domain = "d" + next++ + "." + ZONE;
                started.put(domain, System.nanoTime());
                return VerificationRequest.builder(domain).originHost(ORIGIN).trackedLink(LINK).build();
            }
        };
        BulkSummary summary = verifier.verifyAll(requests, (VerificationReport r) -> {
            // Consumer calls are serialised: no lock needed for done or the array.
            latency[done[0]++] = (System.nanoTime() - started.remove(r.domain())) / 1000;
            if (!r.ready() && done[0] <= 3) {
                System.err.println("not ready: " + r.toJson());
            }
        });
        return new Run(summary, latency);
    }

    private static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    /** The process's peak resident set size (VmHWM), in kB. */
    private static long peakRssKb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
