package dev.sundae.operator.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.OptionalInt;

/**
 * What the compose jobs ({@link ProvisionTenants}, {@link ComposeCertificates}) share: their
 * settings from the environment, and files written whole into a volume that servers read.
 */
final class ComposeFiles {

  private ComposeFiles() {}

  /** A setting the job cannot do without; refused, naming it, when unset or blank. */
  static String required(Map<String, String> env, String name) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(name + " is not set (see docker-compose.yml)");
    }
    return value;
  }

  /**
   * Writes {@code text} into a new file beside {@code file} with {@code mode} and, if given, group
   * {@code gid}, then renames it over {@code file}: a reader sees the old file or the new one,
   * never half of one, and never the new one with a wider group or mode than it ends with.
   */
  static void write(Path file, String text, String mode, OptionalInt gid) {
    try {
      Path folder = file.toAbsolutePath().getParent();
      Files.createDirectories(folder);
      Path temporary =
          Files.createTempFile(
              folder,
              ".new-",
              "",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
      Files.writeString(temporary, text, StandardCharsets.UTF_8);
      if (gid.isPresent()) {
        group(temporary, gid.getAsInt());
      }
      Files.setPosixFilePermissions(temporary, PosixFilePermissions.fromString(mode));
      Files.move(
          temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write " + file, e);
    }
  }

  /** Gives {@code file} to group {@code gid} unless it has it (the jobs run as root in compose). */
  static void group(Path file, int gid) {
    try {
      if ((Integer) Files.getAttribute(file, "unix:gid") != gid) {
        Files.setAttribute(file, "unix:gid", gid);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot give " + file + " to group " + gid, e);
    }
  }
}
