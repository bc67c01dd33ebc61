package dev.linkproxy.samples;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.linkproxy.core.CdnException;
import dev.linkproxy.core.InvalidSpecException;
import dev.linkproxy.core.JsonTrees;
import dev.linkproxy.core.spi.Deployment;

/**
 * The JSON every linkproxy CLI prints with {@code --json}: one document on stdout, nothing else there; for
 * {@code verify}, one JSON Lines object per domain.
 */
public final class JsonOutput {

    private JsonOutput() {
    }

    public static ObjectNode object() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** Writes {@code document} as the one JSON document of this run. */
    public static void print(CliIo io, JsonNode document) {
        io.out().println(JsonTrees.pretty(document));
        io.out().flush();
    }

    /**
     * Writes {@code object} as one line of JSON Lines and flushes, so a reader of a long stream sees each as it comes.
     */
    public static void printLine(CliIo io, JsonNode object) {
        io.out().println(JsonTrees.compact(object));
        io.out().flush();
    }

    /** {@code {provider, id, status, cutoverTarget, linkDomains, resources, certificateState}}. */
    public static ObjectNode deployment(Deployment d) {
        ObjectNode o = object();
        o.put("provider", d.provider());
        o.put("id", d.id());
        o.put("status", d.status().name());
        ObjectNode target = o.putObject("cutoverTarget");
        target.put("hostName", d.cutoverTarget().hostName());
        d.cutoverTarget().addressRanges().forEach(target.putArray("addressRanges")::add);
        target.put("proxiedRecord", d.cutoverTarget().proxiedRecord());
        d.linkDomains().forEach(o.putArray("linkDomains")::add);
        ObjectNode resources = o.putObject("resources");
        d.resources().forEach(resources::put);
        o.put("certificateState", d.certificateState());
        return o;
    }

    /** {@code {provider, error: {exitCode, kind, message, ...}}}: the document of a failed run. */
    public static ObjectNode error(String provider, Throwable e, int exitCode) {
        ObjectNode o = object();
        o.put("provider", provider);
        ObjectNode err = o.putObject("error");
        err.put("exitCode", exitCode);
        if (e instanceof InvalidSpecException spec) {
            err.put("kind", "INVALID_SPEC");
            var problems = err.putArray("problems");
            spec.problems().forEach(p -> problems.addObject().put("path", p.path()).put("message", p.message()));
        } else if (e instanceof CdnException cdn) {
            err.put("kind", cdn.kind().name());
            err.put("operation", cdn.operation());
            err.put("httpStatus", cdn.httpStatus());
            cdn.errorCode().ifPresent(c -> err.put("errorCode", c));
            cdn.hint().ifPresent(h -> err.put("hint", h));
        } else {
            err.put("kind", exitCode == ExitCode.BAD_INPUT ? "BAD_INPUT" : "FAILURE");
        }
        err.put("message", String.valueOf(e.getMessage()));
        return o;
    }
}
