package dev.linkproxy.verifier.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * Real nginx and Knot DNS on loopback, as the current user, with configs, zones and certificates written into a temp
 * directory. Missing binaries are an error naming the Debian packages, never a silent skip.
 */
public final class RealServers implements AutoCloseable {

    public static final String PACKAGES = "install nginx and knot: apt-get install -y nginx knot";

    private final List<Process> processes = new ArrayList<>();
    private final Path dir;

    public RealServers(Path dir) {
        this.dir = dir;
    }

    /** The executable called {@code name} on PATH or in the sbin directories, or an error naming the packages. */
    public static Path binary(String name) {
        List<String> places = new ArrayList<>(List.of(System.getenv().getOrDefault("PATH", "").split(":")));
        places.addAll(List.of("/usr/sbin", "/sbin", "/usr/local/sbin"));
        return places.stream().filter(p -> !p.isEmpty()).map(p -> Path.of(p, name)).filter(Files::isExecutable)
                .findFirst().orElseThrow(() -> new AssertionError("the e2e tests need " + name + " on this machine; "
                        + PACKAGES));
    }

    /** A loopback TCP port that was free a moment ago (and whose UDP twin is tried by the caller's server). */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts {@code command}, its output in {@code name}.log, and waits until every port in {@code ready} accepts. */
    public Process start(String name, List<Path> logs, List<Integer> ready, String... command) {
        try {
            Process p = new ProcessBuilder(command).directory(dir.toFile())
                    .redirectErrorStream(true).redirectOutput(dir.resolve(name + ".log").toFile()).start();
            processes.add(p);
            long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            for (int port : ready) {
                while (!accepts(port)) {
                    if (!p.isAlive() || System.nanoTime() > end) {
                        throw new AssertionError(name + " did not start (exit " + (p.isAlive() ? "none" : p.exitValue())
                                + "):\n" + read(dir.resolve(name + ".log")) + logs.stream().map(RealServers::read)
                                .reduce("", (a, b) -> a + "\n" + b));
                    }
                    Thread.sleep(50);
                }
            }
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Path write(String name, String text) {
        try {
            Path file = dir.resolve(name);
            Files.createDirectories(file.getParent());
            return Files.writeString(file, text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    /**
     * The start of an nginx configuration living in {@code <dir>/nginx}: one worker, in the foreground, its pid, logs
     * and temp files there, and the opened {@code http} block; the caller adds its servers and the closing brace.
     */
    public String nginxHead() {
        Path home = dir.resolve("nginx");
        StringBuilder c = new StringBuilder();
        rootUser().ifPresent(u -> c.append("user ").append(u).append(";\n"));
        c.append("worker_processes 1;\ndaemon off;\npid ").append(home.resolve("nginx.pid")).append(";\n")
                .append("error_log ").append(home.resolve("logs/error.log")).append(" info;\n")
                .append("events { worker_connections 64; }\nhttp {\n")
                .append("  access_log ").append(home.resolve("logs/access.log")).append(";\n");
        for (String t : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
            c.append("  ").append(t).append("_temp_path ").append(home.resolve("tmp-" + t)).append(";\n");
        }
        return c.toString();
    }

    /** Writes {@code conf} as {@code <dir>/nginx/nginx.conf} and starts nginx, waiting for {@code ports}. */
    public Process startNginx(String conf, List<Integer> ports) {
        Path home = dir.resolve("nginx");
        try {
            Files.createDirectories(home.resolve("logs"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        write("nginx/nginx.conf", conf);
        return start("nginx", List.of(home.resolve("logs/error.log")), ports, binary("nginx").toString(), "-p",
                home.toString(), "-c", home.resolve("nginx.conf").toString());
    }

    /** The current user's name, for nginx's {@code user} directive when the tests run as root. */
    public static Optional<String> rootUser() {
        return "root".equals(System.getProperty("user.name")) ? Optional.of("root") : Optional.empty();
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "";
        } catch (IOException e) {
            return "";
        }
    }
}
