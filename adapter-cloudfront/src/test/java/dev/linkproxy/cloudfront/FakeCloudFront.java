package dev.linkproxy.cloudfront;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.responseDefinition;

/**
 * A CloudFront account (and its us-east-1 ACM certificates) inside WireMock: distributions held as the XML bodies
 * linkproxy sent, ETags, deployment status, CallerReference and alias uniqueness, pagination. It answers every
 * request a stub of higher priority does not, so a test stubs only the faults it is about. Thread-safe.
 */
final class FakeCloudFront implements ResponseDefinitionTransformerV2 {

    static final String NAME = "fake-cloudfront";
    static final String NS = "http://cloudfront.amazonaws.com/doc/2020-05-31/";
    static final String API = "/2020-05-31/distribution";

    private static final Pattern ONE = Pattern.compile(API + "/([A-Z0-9]+)(/config)?");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One distribution. */
    static final class Dist {
        final String id;
        Document config;
        int version = 1;
        String status = "InProgress";
        int polls;

        Dist(String id, Document config) {
            this.id = id;
            this.config = config;
        }

        String etag() {
            return id + "-v" + version;
        }

        String domainName() {
            return "d" + id.toLowerCase(Locale.ROOT) + ".cloudfront.net";
        }

        List<String> aliases() {
            return Xml.items(config, "Aliases/Items");
        }
    }

    private final Map<String, Dist> dists = new LinkedHashMap<>();
    private final Map<String, JsonNode> certificates = new LinkedHashMap<>();
    private final Map<String, String> tokens = new LinkedHashMap<>();
    private int requestedCertificates;
    private boolean loseNextRequestAnswer;
    private int nextId = 1;
    private int pageSize = 100;
    private int pollsBeforeDeployed = 1;
    private boolean loseNextCreateAnswer;
    private Consumer<Document> beforeNextUpdate;
    private final List<String> foreignAliases = new ArrayList<>();

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    // ---- arranging the account ----------------------------------------------------------------------------------

    /** Adds a distribution as a person made it in the console (already deployed). */
    synchronized Dist add(String configXml) {
        Dist d = new Dist(newId(), Xml.parse(configXml));
        d.status = "Deployed";
        dists.put(d.id, d);
        return d;
    }

    synchronized Dist get(String id) {
        return dists.get(id);
    }

    synchronized List<Dist> all() {
        return List.copyOf(dists.values());
    }

    /** Changes a distribution behind linkproxy's back, as a person in the console would (new ETag). */
    synchronized void edit(String id, Consumer<Document> change) {
        Dist d = dists.get(id);
        change.accept(d.config);
        d.version++;
    }

    /** The next UpdateDistribution finds the distribution changed since its read, and so fails with 412. */
    synchronized void changeBeforeNextUpdate(Consumer<Document> change) {
        this.beforeNextUpdate = change;
    }

    /** Stores the next created distribution but drops the connection instead of answering. */
    synchronized void loseNextCreateAnswer() {
        this.loseNextCreateAnswer = true;
    }

    /** Aliases held by a distribution in another AWS account. */
    synchronized void aliasHeldElsewhere(String alias) {
        foreignAliases.add(alias);
    }

    synchronized void pageSize(int size) {
        this.pageSize = size;
    }

    /** GetDistribution answers InProgress this many times after a write, then Deployed. */
    synchronized void pollsBeforeDeployed(int polls) {
        this.pollsBeforeDeployed = polls;
    }

    /** An ACM certificate with these names and status. */
    synchronized void certificate(String arn, String status, String... names) {
        var cert = JSON.createObjectNode();
        cert.put("CertificateArn", arn);
        cert.put("DomainName", names[0]);
        var sans = cert.putArray("SubjectAlternativeNames");
        for (String n : names) {
            sans.add(n);
        }
        cert.put("Status", status);
        var validations = cert.putArray("DomainValidationOptions");
        for (String n : names) {
            var v = validations.addObject();
            v.put("DomainName", n);
            v.put("ValidationStatus", status.equals("ISSUED") ? "SUCCESS" : "PENDING_VALIDATION");
            v.put("ValidationMethod", "DNS");
            var rr = v.putObject("ResourceRecord");
            rr.put("Name", "_x1." + n.replace("*.", "") + ".");
            rr.put("Type", "CNAME");
            rr.put("Value", "_x2.acm-validations.aws.");
        }
        certificates.put(arn, cert);
    }

    // ---- answering ----------------------------------------------------------------------------------------------

    @Override
    public synchronized ResponseDefinition transform(ServeEvent event) {
        Request r = event.getRequest();
        String path = r.getUrl().split("\\?")[0];
        String target = r.getHeader("X-Amz-Target");
        if (target != null && target.startsWith("CertificateManager.")) {
            return acm(target.substring("CertificateManager.".length()), r.getBodyAsString());
        }
        if (path.equals(API) && r.getMethod().getName().equals("GET")) {
            return list(r);
        }
        if (path.equals(API) && r.getMethod().getName().equals("POST")) {
            return create(r.getBodyAsString());
        }
        Matcher m = ONE.matcher(path);
        if (m.matches()) {
            Dist d = dists.get(m.group(1));
            if (d == null) {
                return error(404, "NoSuchDistribution", "The specified distribution does not exist.");
            }
            boolean config = m.group(2) != null;
            String method = r.getMethod().getName();
            if (method.equals("GET") && config) {
                return xml(200, Xml.write(d.config), d.etag());
            }
            if (method.equals("GET")) {
                if (d.status.equals("InProgress") && ++d.polls > pollsBeforeDeployed) {
                    d.status = "Deployed";
                }
                return xml(200, distribution(d), d.etag());
            }
            if (method.equals("PUT") && config) {
                return update(d, r.getHeader("If-Match"), r.getBodyAsString());
            }
        }
        return error(400, "InvalidArgument", "the fake does not know " + r.getMethod() + " " + r.getUrl());
    }

    private ResponseDefinition acm(String operation, String body) {
        if (operation.equals("ListCertificates")) {
            return listCertificates(readJson(body));
        }
        if (operation.equals("RequestCertificate")) {
            return requestCertificate(readJson(body));
        }
        if (!operation.equals("DescribeCertificate")) {
            return json(400, "{\"__type\":\"InvalidAction\",\"message\":\"" + operation + "\"}");
        }
        String arn = readJson(body).path("CertificateArn").asText();
        JsonNode cert = certificates.get(arn);
        if (cert == null) {
            return json(400, "{\"__type\":\"ResourceNotFoundException\",\"message\":\"Could not find certificate "
                    + arn + ".\"}");
        }
        return json(200, "{\"Certificate\":" + cert + "}");
    }

    /** ListCertificates, one page of everything in the asked statuses (the answer's shape: the model's output). */
    private ResponseDefinition listCertificates(JsonNode request) {
        List<String> statuses = new ArrayList<>();
        request.path("CertificateStatuses").forEach(st -> statuses.add(st.asText()));
        var out = JSON.createObjectNode();
        var list = out.putArray("CertificateSummaryList");
        for (JsonNode c : certificates.values()) {
            if (statuses.isEmpty() || statuses.contains(c.path("Status").asText())) {
                var summary = list.addObject().put("CertificateArn", c.path("CertificateArn").asText())
                        .put("DomainName", c.path("DomainName").asText());
                summary.set("SubjectAlternativeNameSummaries", c.path("SubjectAlternativeNames"));
                summary.put("Status", c.path("Status").asText()).put("Type", "AMAZON_ISSUED");
            }
        }
        return json(200, out.toString());
    }

    /**
     * RequestCertificate: a new PENDING_VALIDATION certificate whose validation records appear at once, or, for a
     * token seen within the hour, the certificate that token made (ACM's idempotency).
     */
    private ResponseDefinition requestCertificate(JsonNode request) {
        String token = request.path("IdempotencyToken").asText("");
        String arn = tokens.get(token);
        if (arn == null || token.isEmpty()) {
            arn = "arn:aws:acm:us-east-1:123456789012:certificate/" + java.util.UUID.nameUUIDFromBytes(
                    (token + requestedCertificates).getBytes(java.nio.charset.StandardCharsets.UTF_8));
            List<String> names = new ArrayList<>();
            names.add(request.path("DomainName").asText());
            request.path("SubjectAlternativeNames").forEach(n -> {
                if (!names.contains(n.asText())) {
                    names.add(n.asText());
                }
            });
            certificate(arn, "PENDING_VALIDATION", names.toArray(String[]::new));
            requestedCertificates++;
            if (!token.isEmpty()) {
                tokens.put(token, arn);
            }
        }
        if (loseNextRequestAnswer) {
            loseNextRequestAnswer = false;
            return responseDefinition().withFault(Fault.CONNECTION_RESET_BY_PEER).build();
        }
        return json(200, JSON.createObjectNode().put("CertificateArn", arn).toString());
    }

    /** The CA has seen the validation records: the certificate is ISSUED. */
    synchronized void issue(String arn) {
        var cert = (com.fasterxml.jackson.databind.node.ObjectNode) certificates.get(arn);
        cert.put("Status", "ISSUED");
        cert.path("DomainValidationOptions").forEach(v -> ((com.fasterxml.jackson.databind.node.ObjectNode) v)
                .put("ValidationStatus", "SUCCESS"));
    }

    /** Certificates RequestCertificate made. */
    synchronized int requestedCertificates() {
        return requestedCertificates;
    }

    /** Makes the next certificate but drops the connection instead of answering. */
    synchronized void loseNextRequestAnswer() {
        this.loseNextRequestAnswer = true;
    }

    synchronized List<String> certificateArns() {
        return new ArrayList<>(certificates.keySet());
    }

    private static JsonNode readJson(String body) {
        try {
            return JSON.readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private ResponseDefinition list(Request r) {
        String marker = r.queryParameter("Marker").isPresent() ? r.queryParameter("Marker").firstValue() : "";
        List<Dist> all = new ArrayList<>(dists.values());
        int from = 0;
        for (int i = 0; i < all.size(); i++) {
            if (all.get(i).id.equals(marker)) {
                from = i + 1;
            }
        }
        List<Dist> page = all.subList(from, Math.min(all.size(), from + pageSize));
        boolean truncated = from + page.size() < all.size();
        StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><DistributionList xmlns=\"")
                .append(NS).append("\"><Marker>").append(marker).append("</Marker>");
        if (truncated) {
            out.append("<NextMarker>").append(page.get(page.size() - 1).id).append("</NextMarker>");
        }
        out.append("<MaxItems>").append(pageSize).append("</MaxItems><IsTruncated>").append(truncated)
                .append("</IsTruncated><Quantity>").append(page.size()).append("</Quantity>");
        if (!page.isEmpty()) {
            out.append("<Items>");
            for (Dist d : page) {
                out.append("<DistributionSummary>").append(head(d)).append("<ETag>").append(d.etag()).append("</ETag>");
                for (Element c : Xml.children(d.config.getDocumentElement())) {
                    if (!Set.of("CallerReference", "DefaultRootObject", "Logging").contains(c.getLocalName())) {
                        out.append(Xml.write(c));
                    }
                }
                out.append("<Staging>false</Staging></DistributionSummary>");
            }
            out.append("</Items>");
        }
        return xml(200, out.append("</DistributionList>").toString(), null);
    }

    private ResponseDefinition create(String body) {
        Document config = Xml.parse(body);
        String caller = Xml.text(config, "CallerReference");
        for (Dist d : dists.values()) {
            if (caller.equals(Xml.text(d.config, "CallerReference"))) {
                return error(409, "DistributionAlreadyExists", "The caller reference that you are using to create a"
                        + " distribution is associated with another distribution. Already exists: " + d.id);
            }
        }
        ResponseDefinition conflict = aliasConflict(null, Xml.items(config, "Aliases/Items"));
        if (conflict != null) {
            return conflict;
        }
        Dist d = new Dist(newId(), config);
        dists.put(d.id, d);
        if (loseNextCreateAnswer) {
            loseNextCreateAnswer = false;
            return responseDefinition().withFault(Fault.CONNECTION_RESET_BY_PEER).build();
        }
        return responseDefinition().withStatus(201)
                .withHeader("Content-Type", "text/xml")
                .withHeader("ETag", d.etag())
                .withHeader("Location", "https://cloudfront.amazonaws.com" + API + "/" + d.id)
                .withBody(distribution(d)).build();
    }

    private ResponseDefinition update(Dist d, String ifMatch, String body) {
        if (beforeNextUpdate != null) {
            beforeNextUpdate.accept(d.config);
            beforeNextUpdate = null;
            d.version++;
        }
        if (ifMatch == null) {
            return error(400, "InvalidIfMatchVersion", "The If-Match version is missing or not valid.");
        }
        if (!ifMatch.equals(d.etag())) {
            return error(412, "PreconditionFailed", "The precondition given in one or more of the request-header"
                    + " fields evaluated to false.");
        }
        Document config = Xml.parse(body);
        if (!Xml.text(d.config, "CallerReference").equals(Xml.text(config, "CallerReference"))) {
            return error(400, "IllegalUpdate", "Origin and CallerReference cannot be updated.");
        }
        ResponseDefinition conflict = aliasConflict(d.id, Xml.items(config, "Aliases/Items"));
        if (conflict != null) {
            return conflict;
        }
        d.config = config;
        d.version++;
        d.status = "InProgress";
        d.polls = 0;
        return xml(200, distribution(d), d.etag());
    }

    private ResponseDefinition aliasConflict(String self, List<String> aliases) {
        for (String alias : aliases) {
            boolean taken = foreignAliases.contains(alias) || dists.values().stream()
                    .anyMatch(d -> !d.id.equals(self) && d.aliases().contains(alias));
            if (taken) {
                return error(409, "CNAMEAlreadyExists", "One or more of the CNAMEs you provided are already associated"
                        + " with a different resource.");
            }
        }
        return null;
    }

    private String head(Dist d) {
        return "<Id>" + d.id + "</Id><ARN>arn:aws:cloudfront::123456789012:distribution/" + d.id + "</ARN><Status>"
                + d.status + "</Status><LastModifiedTime>2026-01-01T00:00:00Z</LastModifiedTime><DomainName>"
                + d.domainName() + "</DomainName>";
    }

    private String distribution(Dist d) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Distribution xmlns=\"" + NS + "\">" + head(d)
                + "<InProgressInvalidationBatches>0</InProgressInvalidationBatches>"
                + Xml.write(d.config.getDocumentElement()) + "</Distribution>";
    }

    private String newId() {
        return String.format("E%013d", nextId++).replace('0', 'Q');
    }

    static ResponseDefinition error(int status, String code, String message) {
        return responseDefinition().withStatus(status).withHeader("Content-Type", "text/xml")
                .withBody(errorBody(code, message)).build();
    }

    static String errorBody(String code, String message) {
        return "<?xml version=\"1.0\"?><ErrorResponse xmlns=\"" + NS + "\"><Error><Type>Sender</Type><Code>" + code
                + "</Code><Message>" + message + "</Message></Error><RequestId>req-linkproxy-test</RequestId>"
                + "</ErrorResponse>";
    }

    private static ResponseDefinition xml(int status, String body, String etag) {
        var b = responseDefinition().withStatus(status).withHeader("Content-Type", "text/xml").withBody(body);
        if (etag != null) {
            b.withHeader("ETag", etag);
        }
        return b.build();
    }

    private static ResponseDefinition json(int status, String body) {
        return responseDefinition().withStatus(status).withHeader("Content-Type", "application/x-amz-json-1.1")
                .withBody(body).build();
    }
}
