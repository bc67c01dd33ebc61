/**
 * The Fastly adapter: a VCL service (domains, one backend, a pass-through VCL snippet, settings) edited on a cloned
 * draft version, validated, then activated; TLS through a Fastly TLS subscription or an uploaded certificate. Start
 * at {@link dev.linkproxy.fastly.FastlyProvider}.
 */
package dev.linkproxy.fastly;
