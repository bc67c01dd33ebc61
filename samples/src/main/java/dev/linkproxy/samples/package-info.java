/** The sample CLIs, one per CDN. */
package dev.linkproxy.samples;
