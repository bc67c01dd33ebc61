package dev.linkproxy.cloudfront;

import java.io.StringReader;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/** Small DOM helpers for the fake CloudFront and for assertions on XML bodies: paths are local names joined by "/". */
final class Xml {

    private Xml() {
    }

    static Document parse(String xml) {
        try {
            var f = DocumentBuilderFactory.newInstance();
            f.setNamespaceAware(true);
            return f.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (Exception e) {
            throw new IllegalArgumentException("not XML: " + xml, e);
        }
    }

    static String write(Node node) {
        try {
            var t = TransformerFactory.newInstance().newTransformer();
            t.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            StringWriter out = new StringWriter();
            t.transform(new DOMSource(node), new StreamResult(out));
            return out.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The element at {@code path} under {@code from}, or null. */
    static Element find(Element from, String path) {
        Element at = from;
        for (String step : path.split("/")) {
            Element next = null;
            for (Element c : children(at)) {
                if (c.getLocalName().equals(step)) {
                    next = c;
                    break;
                }
            }
            if (next == null) {
                return null;
            }
            at = next;
        }
        return at;
    }

    /** The text at {@code path}, or null when absent. */
    static String text(Document doc, String path) {
        Element e = find(doc.getDocumentElement(), path);
        return e == null ? null : e.getTextContent().trim();
    }

    /** Sets the text at an existing {@code path}. */
    static void set(Document doc, String path, String value) {
        Element e = find(doc.getDocumentElement(), path);
        if (e == null) {
            throw new IllegalArgumentException("no element " + path);
        }
        e.setTextContent(value);
    }

    static List<Element> children(Element el) {
        List<Element> out = new ArrayList<>();
        for (Node n = el.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                out.add(e);
            }
        }
        return out;
    }

    /** The texts of the item elements under {@code path} (e.g. {@code Aliases/Items}). */
    static List<String> items(Document doc, String path) {
        Element e = find(doc.getDocumentElement(), path);
        List<String> out = new ArrayList<>();
        if (e != null) {
            children(e).forEach(c -> out.add(c.getTextContent().trim()));
        }
        return out;
    }
}
