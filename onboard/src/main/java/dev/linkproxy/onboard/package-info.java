/**
 * {@code onboard}: from a spec to SSL click tracking ready, in one call ({@link dev.linkproxy.onboard.Onboarding}),
 * built on the CDN SPI, the DNS provider SPI, the verifier and the cutover; it knows no vendor.
 */
package dev.linkproxy.onboard;
