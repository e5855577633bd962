package dev.sundae.chat.audio;

/** An object that is not the audio it was declared to be; the message says why. */
public class InvalidAudioException extends Exception {

  public InvalidAudioException(String reason) {
    super(reason);
  }

  public InvalidAudioException(String reason, Throwable cause) {
    super(reason, cause);
  }
}
