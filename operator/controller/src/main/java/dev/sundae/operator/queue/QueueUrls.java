package dev.sundae.operator.queue;

/** The URLs of a tenant's queue and of its dead-letter queue. */
public record QueueUrls(String queue, String deadLetterQueue) {}
