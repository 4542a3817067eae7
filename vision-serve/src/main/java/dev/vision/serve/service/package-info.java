/**
 * {@code vision serve}: a fleet of cameras from one YAML file, kept running and changed live through a REST API
 * or an edit of the file, one camera at a time.
 */
package dev.vision.serve.service;
