package dev.sundae.chat.audio;

/**
 * What the service found in an uploaded clip.
 *
 * @param format container and codec
 * @param durationMillis the duration the container states (or its last timestamp)
 */
public record AudioInfo(AudioFormat format, long durationMillis) {}
