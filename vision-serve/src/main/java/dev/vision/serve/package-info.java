/**
 * The live view of a run: {@link dev.vision.serve.LiveServer} serves the page, MJPEG, server-sent events,
 * status and Prometheus metrics on an embedded Javalin server.
 */
package dev.vision.serve;
