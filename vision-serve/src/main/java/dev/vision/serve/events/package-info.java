/**
 * Events out: every event of a tracked run sent to an MQTT broker (Eclipse Paho) or POSTed to webhooks, each
 * output on its own bounded delivery queue with retries, so that no destination ever holds the run back.
 */
package dev.vision.serve.events;
