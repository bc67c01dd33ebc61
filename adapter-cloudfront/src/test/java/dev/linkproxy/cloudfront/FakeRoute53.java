package dev.linkproxy.cloudfront;

import static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder.responseDefinition;

import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.QueryParameter;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.linkproxy.core.spi.NameRecords;
import dev.linkproxy.core.spi.RecordSet;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * A Route 53 account inside WireMock: public and private hosted zones, their record sets, changes that are PENDING
 * for a while and then INSYNC. Every answer is one of the recorded payloads in {@code src/test/resources/route53/}
 * (see SOURCE.md there) with its values set. A batch is applied whole or refused whole: a DELETE must match the set
 * exactly (TTL and values), a CREATE must not find one, and a CNAME cannot stand beside other data. Thread-safe.
 */
final class FakeRoute53 implements ResponseDefinitionTransformerV2 {

    static final String NAME = "fake-route53";
    static final String NS = "https://route53.amazonaws.com/doc/2013-04-01/";
    /** The access key id the fake does not know: every call with it gets 403 InvalidClientTokenId. */
    static final String UNKNOWN_KEY = "AKIDUNKNOWNTOROUTE53";

    private static final Pattern ZONE = Pattern.compile("/2013-04-01/hostedzone/([^/]+)");
    private static final Pattern RRSETS = Pattern.compile("/2013-04-01/hostedzone/([^/]+)/rrset/?");
    private static final Pattern CHANGE = Pattern.compile("/2013-04-01/change/([^/]+)");
    private static final Pattern ACCESS_KEY = Pattern.compile("Credential=([^/]+)/");

    /** One hosted zone. */
    record Zone(String id, String apex, boolean privateZone, List<String> nameServers) {
    }

    /** One record set as Route 53 holds it: names with the trailing dot. */
    record Rrset(String name, String type, long ttl, List<String> values, String aliasTarget, String setIdentifier) {
        Rrset {
            values = values.stream().sorted().toList();
        }

        boolean sameAs(Rrset o) {
            return name.equals(o.name) && type.equals(o.type) && ttl == o.ttl && values.equals(o.values)
                    && Objects.equals(aliasTarget, o.aliasTarget) && Objects.equals(setIdentifier, o.setIdentifier);
        }
    }

    private final Map<String, Zone> zones = new LinkedHashMap<>();
    private final Map<String, List<Rrset>> records = new HashMap<>();
    private final Map<String, Integer> changePolls = new HashMap<>();
    private final Set<String> denied = new HashSet<>();
    private final Map<String, Integer> throttled = new HashMap<>();
    private int pendingPolls = 2;
    private boolean loseNextChangeAnswer;
    private Runnable beforeNextChange;
    private int requests;
    private int faultAt = -1;
    private Injected fault;

    /** What request {@code k} of a fault-matrix cell gets (see SOURCE.md for each answer's source). */
    enum Injected {
        /** 400 Throttling "Rate exceeded". Not carried out. */
        THROTTLING,
        /** 400 PriorRequestNotComplete. Not carried out. */
        PRIOR_REQUEST_NOT_COMPLETE,
        /** 500 InternalFailure. Not carried out. */
        SERVER_500,
        /** The connection reset before any answer. Not carried out. */
        RESET,
        /** Carried out, then the connection reset: the answer was lost. */
        LOST_ANSWER,
        /** 403 AccessDenied. Not carried out. */
        ACCESS_DENIED
    }
    private int applied;
    private int nextChange = 1;

    // ---- state a test sets up ------------------------------------------------------------------------------------

    synchronized void zone(String id, String apex, boolean privateZone, String... nameServers) {
        zones.put(id, new Zone(id, apex.endsWith(".") ? apex : apex + ".", privateZone, List.of(nameServers)));
        records.put(id, new ArrayList<>());
    }

    /** Makes {@code r.name()} hold exactly {@code r} in zone {@code id}, as a person in the console would. */
    synchronized void put(String id, NameRecords r) {
        String name = r.name() + ".";
        List<Rrset> sets = records.get(id);
        sets.removeIf(s -> s.name().equals(name) && NameRecords.CUTOVER_TYPES.contains(s.type()));
        for (RecordSet s : r.sets()) {
            sets.add(new Rrset(name, s.type(), s.ttl().toSeconds(), s.values().stream()
                    .map(v -> s.type().equals("CNAME") ? v + "." : v).toList(), null, null));
        }
    }

    /** An alias record (to a CloudFront distribution, say), which linkproxy does not change. */
    synchronized void alias(String id, String name, String type, String target) {
        records.get(id).add(new Rrset(name + ".", type, 0, List.of(), target, null));
    }

    /** A weighted record set, which linkproxy does not change either. */
    synchronized void weighted(String id, String name, String type, String value, String setIdentifier) {
        records.get(id).add(new Rrset(name + ".", type, 60, List.of(value), null, setIdentifier));
    }

    /** Calls of {@code operation} are refused with 403 AccessDenied. */
    synchronized void deny(String operation) {
        denied.add(operation);
    }

    /** The next {@code times} calls of {@code operation} are throttled with 400 {@code code}. */
    synchronized void throttle(String operation, int times) {
        throttled.put(operation, times);
    }

    /** GetChange answers PENDING this many times per change, then INSYNC. */
    synchronized void pendingPolls(int polls) {
        this.pendingPolls = polls;
    }

    /** Applies the next change batch but drops the connection instead of answering. */
    synchronized void loseNextChangeAnswer() {
        this.loseNextChangeAnswer = true;
    }

    /** Runs {@code edit} just before the next batch is judged: someone else's change between read and write. */
    synchronized void beforeNextChange(Runnable edit) {
        this.beforeNextChange = edit;
    }

    /** Request {@code k} (1-based, counted from now) gets {@code kind}; every other request is served as usual. */
    synchronized void failRequest(int k, Injected kind) {
        requests = 0;
        faultAt = k;
        fault = kind;
    }

    /** Requests served since the last {@link #failRequest} (or since the start). */
    synchronized int requests() {
        return requests;
    }

    /** Change batches applied. */
    synchronized int applied() {
        return applied;
    }

    // ---- answering ----------------------------------------------------------------------------------------------

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false;
    }

    @Override
    public synchronized ResponseDefinition transform(ServeEvent event) {
        Request r = event.getRequest();
        String operation = operation(r.getMethod().getName(), URI.create(r.getUrl()).getPath());
        if (++requests == faultAt) {
            switch (fault) {
                case THROTTLING -> {
                    return error(400, "Throttling", "Rate exceeded");
                }
                case PRIOR_REQUEST_NOT_COMPLETE -> {
                    return error(400, "PriorRequestNotComplete", "The request was rejected because Route 53 was"
                            + " still processing a prior request.");
                }
                case SERVER_500 -> {
                    return error(500, "InternalFailure", "The request processing has failed because of an unknown"
                            + " error, exception or failure.");
                }
                case RESET -> {
                    return responseDefinition().withFault(Fault.CONNECTION_RESET_BY_PEER).build();
                }
                case ACCESS_DENIED -> {
                    return error(403, "AccessDenied", "User: arn:aws:iam::123456789012:user/linkproxy is not"
                            + " authorized to perform: route53:" + operation);
                }
                case LOST_ANSWER -> {
                    answer(event);
                    return responseDefinition().withFault(Fault.CONNECTION_RESET_BY_PEER).build();
                }
                default -> throw new IllegalStateException(String.valueOf(fault));
            }
        }
        return answer(event);
    }

    private ResponseDefinition answer(ServeEvent event) {
        Request r = event.getRequest();
        String method = r.getMethod().getName();
        String path = URI.create(r.getUrl()).getPath();
        String operation = operation(method, path);
        Matcher key = ACCESS_KEY.matcher(String.valueOf(r.getHeader("Authorization")));
        if (key.find() && key.group(1).equals(UNKNOWN_KEY)) {
            return error(403, "InvalidClientTokenId", "The security token included in the request is invalid.");
        }
        if (denied.contains(operation)) {
            return error(403, "AccessDenied", "User: arn:aws:iam::123456789012:user/linkproxy is not authorized to"
                    + " perform: route53:" + operation + " on resource: arn:aws:route53:::hostedzone/Z");
        }
        Integer throttles = throttled.get(operation);
        if (throttles != null && throttles > 0) {
            throttled.put(operation, throttles - 1);
            return error(400, "Throttling", "Rate exceeded");
        }
        Matcher m;
        if (operation.equals("ListHostedZonesByName")) {
            return listZones(query(r, "dnsname"), Integer.parseInt(orElse(query(r, "maxitems"), "100")));
        }
        if (operation.equals("ChangeResourceRecordSets") && (m = RRSETS.matcher(path)).matches()) {
            return change(m.group(1), r.getBodyAsString());
        }
        if (operation.equals("ListResourceRecordSets") && (m = RRSETS.matcher(path)).matches()) {
            return listRecords(m.group(1), query(r, "name"), query(r, "type"),
                    Integer.parseInt(orElse(query(r, "maxitems"), "300")));
        }
        if (operation.equals("GetHostedZone") && (m = ZONE.matcher(path)).matches()) {
            return getZone(m.group(1));
        }
        if (operation.equals("GetChange") && (m = CHANGE.matcher(path)).matches()) {
            return getChange(m.group(1));
        }
        return error(400, "InvalidInput", "no such Route 53 call in this fake: " + method + " " + path);
    }

    /** The Route 53 operation a request is, from the model's request URIs. */
    static String operation(String method, String path) {
        if (method.equals("GET") && path.equals("/2013-04-01/hostedzonesbyname")) {
            return "ListHostedZonesByName";
        }
        if (RRSETS.matcher(path).matches()) {
            return method.equals("POST") ? "ChangeResourceRecordSets" : "ListResourceRecordSets";
        }
        if (ZONE.matcher(path).matches()) {
            return "GetHostedZone";
        }
        if (CHANGE.matcher(path).matches()) {
            return "GetChange";
        }
        return method + " " + path;
    }

    private ResponseDefinition listZones(String dnsName, int maxItems) {
        Document doc = template("list-hosted-zones-by-name.xml");
        Element list = Xml.find(doc.getDocumentElement(), "HostedZones");
        Element item = (Element) Xml.children(list).get(0).cloneNode(true);
        clear(list);
        List<Zone> ordered = new ArrayList<>(zones.values());
        ordered.sort(Comparator.comparing(z -> reversed(z.apex())));
        String from = dnsName == null ? "" : reversed(dnsName.endsWith(".") ? dnsName : dnsName + ".");
        List<Zone> page = ordered.stream().filter(z -> reversed(z.apex()).compareTo(from) >= 0).toList();
        boolean truncated = page.size() > maxItems;
        for (Zone z : page.subList(0, Math.min(maxItems, page.size()))) {
            Element e = (Element) item.cloneNode(true);
            Xml.find(e, "Id").setTextContent("/hostedzone/" + z.id());
            Xml.find(e, "Name").setTextContent(z.apex());
            Xml.find(e, "Config/PrivateZone").setTextContent(String.valueOf(z.privateZone()));
            Xml.find(e, "ResourceRecordSetCount").setTextContent(String.valueOf(records.get(z.id()).size()));
            list.appendChild(e);
        }
        Xml.set(doc, "IsTruncated", String.valueOf(truncated));
        Xml.set(doc, "MaxItems", String.valueOf(maxItems));
        if (truncated) {
            Zone next = page.get(maxItems);
            Xml.set(doc, "NextDNSName", next.apex());
            Xml.set(doc, "NextHostedZoneId", next.id());
        } else {
            remove(doc, "NextDNSName");
            remove(doc, "NextHostedZoneId");
        }
        return ok(doc);
    }

    private ResponseDefinition getZone(String id) {
        Zone z = zones.get(id);
        if (z == null) {
            return error(404, "NoSuchHostedZone", "No hosted zone found with ID: " + id);
        }
        Document doc = template("get-hosted-zone.xml");
        Xml.set(doc, "HostedZone/Id", "/hostedzone/" + z.id());
        Xml.set(doc, "HostedZone/Name", z.apex());
        Xml.set(doc, "HostedZone/ResourceRecordSetCount", String.valueOf(records.get(id).size()));
        Element servers = Xml.find(doc.getDocumentElement(), "DelegationSet/NameServers");
        Element item = (Element) Xml.children(servers).get(0).cloneNode(true);
        clear(servers);
        for (String ns : z.nameServers()) {
            Element e = (Element) item.cloneNode(true);
            e.setTextContent(ns);
            servers.appendChild(e);
        }
        return ok(doc);
    }

    private ResponseDefinition listRecords(String id, String name, String type, int maxItems) {
        if (!zones.containsKey(id)) {
            return error(404, "NoSuchHostedZone", "No hosted zone found with ID: " + id);
        }
        Document doc = template("list-resource-record-sets.xml");
        Element list = Xml.find(doc.getDocumentElement(), "ResourceRecordSets");
        List<Element> recorded = Xml.children(list);
        Element plain = (Element) recorded.get(0).cloneNode(true);
        Element aliased = (Element) recorded.get(2).cloneNode(true);
        clear(list);
        List<Rrset> ordered = new ArrayList<>(records.get(id));
        ordered.sort(Comparator.comparing((Rrset s) -> reversed(s.name())).thenComparing(Rrset::type));
        String from = name == null ? "" : reversed(name.endsWith(".") ? name : name + ".");
        List<Rrset> page = ordered.stream().filter(s -> {
            int c = reversed(s.name()).compareTo(from);
            return c > 0 || (c == 0 && (type == null || s.type().compareTo(type) >= 0));
        }).toList();
        boolean truncated = page.size() > maxItems;
        for (Rrset s : page.subList(0, Math.min(maxItems, page.size()))) {
            list.appendChild(s.aliasTarget() != null ? aliasItem(aliased, s) : plainItem(plain, s));
        }
        Xml.set(doc, "IsTruncated", String.valueOf(truncated));
        Xml.set(doc, "MaxItems", String.valueOf(maxItems));
        if (truncated) {
            Element maxEl = Xml.find(doc.getDocumentElement(), "MaxItems");
            Rrset next = page.get(maxItems);
            Element nextName = doc.createElementNS(NS, "NextRecordName");
            nextName.setTextContent(next.name());
            Element nextType = doc.createElementNS(NS, "NextRecordType");
            nextType.setTextContent(next.type());
            doc.getDocumentElement().insertBefore(nextName, maxEl);
            doc.getDocumentElement().insertBefore(nextType, maxEl);
        }
        return ok(doc);
    }

    private static Element plainItem(Element recorded, Rrset s) {
        Element e = (Element) recorded.cloneNode(true);
        Xml.find(e, "Name").setTextContent(s.name());
        Xml.find(e, "Type").setTextContent(s.type());
        Xml.find(e, "TTL").setTextContent(String.valueOf(s.ttl()));
        if (s.setIdentifier() != null) {
            Element id = e.getOwnerDocument().createElementNS(NS, "SetIdentifier");
            id.setTextContent(s.setIdentifier());
            Element weight = e.getOwnerDocument().createElementNS(NS, "Weight");
            weight.setTextContent("10");
            e.insertBefore(weight, Xml.find(e, "TTL"));
            e.insertBefore(id, weight);
        }
        Element rrs = Xml.find(e, "ResourceRecords");
        Element item = (Element) Xml.children(rrs).get(0).cloneNode(true);
        clear(rrs);
        for (String v : s.values()) {
            Element one = (Element) item.cloneNode(true);
            Xml.find(one, "Value").setTextContent(v);
            rrs.appendChild(one);
        }
        return e;
    }

    private static Element aliasItem(Element recorded, Rrset s) {
        Element e = (Element) recorded.cloneNode(true);
        Xml.find(e, "Name").setTextContent(s.name());
        Xml.find(e, "Type").setTextContent(s.type());
        e.removeChild(Xml.find(e, "SetIdentifier"));
        e.removeChild(Xml.find(e, "Region"));
        Xml.find(e, "AliasTarget/HostedZoneId").setTextContent("Z2FDTNDATAQYW2");
        Xml.find(e, "AliasTarget/EvaluateTargetHealth").setTextContent("false");
        Xml.find(e, "AliasTarget/DNSName").setTextContent(s.aliasTarget());
        return e;
    }

    private ResponseDefinition change(String id, String body) {
        if (!zones.containsKey(id)) {
            return error(404, "NoSuchHostedZone", "No hosted zone found with ID: " + id);
        }
        if (beforeNextChange != null) {
            Runnable edit = beforeNextChange;
            beforeNextChange = null;
            edit.run();
        }
        Document request = Xml.parse(body);
        Element changes = Xml.find(request.getDocumentElement(), "ChangeBatch/Changes");
        List<Rrset> working = new ArrayList<>(records.get(id));
        String apex = zones.get(id).apex();
        for (Element c : Xml.children(changes)) {
            String action = Xml.find(c, "Action").getTextContent().trim();
            Element set = Xml.find(c, "ResourceRecordSet");
            Rrset s = new Rrset(Xml.find(set, "Name").getTextContent().trim().toLowerCase(Locale.ROOT),
                    Xml.find(set, "Type").getTextContent().trim(),
                    Long.parseLong(Xml.find(set, "TTL").getTextContent().trim()),
                    Xml.children(Xml.find(set, "ResourceRecords")).stream()
                            .map(v -> Xml.find(v, "Value").getTextContent().trim()).toList(), null, null);
            String problem = switch (action) {
                case "DELETE" -> delete(working, s);
                case "CREATE" -> create(working, s, apex);
                default -> "this fake takes DELETE and CREATE only, not " + action;
            };
            if (problem != null) {
                return invalidChangeBatch(problem);
            }
        }
        records.put(id, working);
        applied++;
        String changeId = String.format("C%010d", nextChange++);
        changePolls.put(changeId, 0);
        if (loseNextChangeAnswer) {
            loseNextChangeAnswer = false;
            return responseDefinition().withFault(Fault.CONNECTION_RESET_BY_PEER).build();
        }
        Document doc = template("change-resource-record-sets.xml");
        Xml.set(doc, "ChangeInfo/Id", "/change/" + changeId);
        Xml.set(doc, "ChangeInfo/Status", "PENDING");
        return ok(doc);
    }

    private static String delete(List<Rrset> working, Rrset s) {
        for (Rrset held : working) {
            if (held.name().equals(s.name()) && held.type().equals(s.type())) {
                if (!held.sameAs(s)) {
                    return "Tried to delete resource record set [name='" + s.name() + "', type='" + s.type()
                            + "'] but the values provided do not match the current values";
                }
                working.remove(held);
                return null;
            }
        }
        return "Tried to delete resource record set [name='" + s.name() + "', type='" + s.type()
                + "'] but it was not found";
    }

    private static String create(List<Rrset> working, Rrset s, String apex) {
        for (Rrset held : working) {
            if (!held.name().equals(s.name())) {
                continue;
            }
            if (held.type().equals(s.type())) {
                return "Tried to create resource record set [name='" + s.name() + "', type='" + s.type()
                        + "'] but it already exists";
            }
            if (s.type().equals("CNAME")) {
                return "RRSet of type CNAME with DNS name " + s.name() + " is not permitted as it conflicts with"
                        + " other records with the same DNS name in zone " + apex;
            }
            if (held.type().equals("CNAME")) {
                return "RRSet of type " + s.type() + " with DNS name " + s.name() + " is not permitted because a"
                        + " conflicting RRSet of type  CNAME with the same DNS name already exists in zone " + apex;
            }
        }
        working.add(s);
        return null;
    }

    private ResponseDefinition getChange(String id) {
        Integer polls = changePolls.get(id);
        if (polls == null) {
            return error(404, "NoSuchChange", "Could not find resource with ID: " + id);
        }
        changePolls.put(id, polls + 1);
        Document doc = template("get-change.xml");
        Xml.set(doc, "ChangeInfo/Id", id);
        Xml.set(doc, "ChangeInfo/Status", polls < pendingPolls ? "PENDING" : "INSYNC");
        return ok(doc);
    }

    private static ResponseDefinition invalidChangeBatch(String message) {
        Document doc = template("error-invalid-change-batch.xml");
        Xml.set(doc, "Messages/Message", message);
        return xml(400, doc);
    }

    static ResponseDefinition error(int status, String code, String message) {
        Document doc = template("error-access-denied.xml");
        Xml.set(doc, "Error/Code", code);
        Xml.set(doc, "Error/Message", message);
        Xml.set(doc, "RequestId", "req-linkproxy-test");
        return xml(status, doc);
    }

    /** The error body a test stubs by hand (a throttle, a server error), from the same recorded payload. */
    static String errorBody(String code, String message) {
        Document doc = template("error-access-denied.xml");
        Xml.set(doc, "Error/Code", code);
        Xml.set(doc, "Error/Message", message);
        return Xml.write(doc);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** A recorded payload, in the 2013-04-01 namespace (see SOURCE.md: two samples carry older ones). */
    static Document template(String file) {
        try (InputStream in = FakeRoute53.class.getResourceAsStream("/route53/" + file)) {
            if (in == null) {
                throw new IllegalStateException("no recorded payload route53/" + file + " on the test class path");
            }
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("https://route53.amazonaws.com/doc/2012-02-29/", NS)
                    .replace("https://sts.amazonaws.com/doc/2011-06-15/", NS);
            return Xml.parse(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ResponseDefinition ok(Document doc) {
        return xml(200, doc);
    }

    private static ResponseDefinition xml(int status, Document doc) {
        return responseDefinition().withStatus(status).withHeader("Content-Type", "text/xml")
                .withHeader("x-amzn-RequestId", "req-linkproxy-test").withBody(Xml.write(doc)).build();
    }

    private static void clear(Element list) {
        for (Node n = list.getFirstChild(); n != null; ) {
            Node next = n.getNextSibling();
            list.removeChild(n);
            n = next;
        }
    }

    private static void remove(Document doc, String path) {
        Element e = Xml.find(doc.getDocumentElement(), path);
        if (e != null) {
            e.getParentNode().removeChild(e);
        }
    }

    /** Route 53 orders names by their labels right to left: {@code www.example.com.} sorts as {@code com.example.www}. */
    static String reversed(String name) {
        List<String> labels = new ArrayList<>(List.of(name.toLowerCase(Locale.ROOT).replaceAll("\\.$", "").split("\\.")));
        Collections.reverse(labels);
        return String.join(".", labels);
    }

    private static String query(Request r, String name) {
        QueryParameter p = r.queryParameter(name);
        return p != null && p.isPresent() ? p.firstValue() : null;
    }

    private static String orElse(String v, String fallback) {
        return v == null ? fallback : v;
    }
}
