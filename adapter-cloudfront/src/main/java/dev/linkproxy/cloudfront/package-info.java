/** The Amazon CloudFront adapter. */
package dev.linkproxy.cloudfront;
