/** The Fastly adapter: arrives with its own issue; the module exists so the layout is complete from the start. */
package dev.linkproxy.fastly;
