package dev.sundae.web.apps;

/**
 * One of Sundae's web apps (the repository's {@code apps/}, built into the {@code sundae-apps}
 * jar): the gateway serves the register and the dashboard, the chat the community app. Each gets
 * the browser features it uses and no other.
 */
public enum App {
  /** A store's register: camera, upload, top 3, purchase. */
  REGISTER("register", "camera=(self), microphone=(), geolocation=()"),
  /** The chain's analysts' charts. */
  DASHBOARD("dashboard", "camera=(), microphone=(), geolocation=()"),
  /** The audio community (a PWA): voice messages, so the microphone; a selfie, so the camera. */
  COMMUNITY("community", "camera=(self), microphone=(self), geolocation=()");

  private final String folder;
  private final String permissions;

  App(String folder, String permissions) {
    this.folder = folder;
    this.permissions = permissions;
  }

  /** Where it is served, {@code /apps/<folder>/}. */
  public String path() {
    return "/apps/" + folder + "/";
  }

  /** Where its built files are on the class path. */
  String location() {
    return "classpath:/sundae-apps/" + folder + "/";
  }

  /** Its Permissions-Policy. */
  String permissions() {
    return permissions;
  }
}
