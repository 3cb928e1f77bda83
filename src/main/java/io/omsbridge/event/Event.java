package io.omsbridge.event;

import io.omsbridge.model.EventType;

/** A CloudEvent ready for the outbox: its stable id, what it is about, and its structured JSON. */
public record Event(String id, String requestId, EventType type, String json) {}
