/** The verifier: DNS cutover, TLS termination and tracked-link checks, for any CDN. */
package dev.linkproxy.verifier;
