/**
 * The {@code vision} command line: picocli commands that map options onto the core's builders and the
 * run's outcome onto console lines and exit codes. The composition root: the only place that picks
 * concrete sources, sinks and servers.
 */
package dev.vision.app;
