/**
 * The DNS cutover, done for the user and gated by the verifier: the link domain's record is changed only after the
 * CDN is proven to serve it, with compare-and-set, recorded in a journal, proven again through the zone's
 * authoritative servers, and put back by itself when that proof fails. See {@link dev.linkproxy.cutover.Cutover}.
 */
package dev.linkproxy.cutover;
