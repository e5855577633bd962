package dev.sundae.inference.model;

import dev.sundae.tenancy.TenantConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tenant's current model. Looks for a new version (by the source's fingerprint) at most once per
 * check interval and swaps it in between batches, so a chain publishes a model without a restart.
 * Used by the tenant's worker thread only: the swap needs no locking, and the old model is closed
 * when no batch can be using it.
 */
public final class TenantModel implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TenantModel.class);

  private final String tenant;
  private final ModelSource source;
  private final String configuredVersion;
  private final List<String> catalogueFlavours;
  private final Duration checkInterval;
  private final Clock clock;
  private Loaded current;
  private Instant nextCheck = Instant.MIN;

  /** A loaded model and the tenant's catalogue as seen through its labels. */
  public record Loaded(FlavourModel model, Catalogue catalogue, String fingerprint) {}

  /** The tenant's stable model, {@code tenant.model()}. */
  public TenantModel(TenantConfig tenant, ModelSource source, Duration checkInterval, Clock clock) {
    this(
        tenant.name(),
        tenant.model() == null ? null : tenant.model().version(),
        tenant.flavours(),
        source,
        checkInterval,
        clock);
  }

  /**
   * @param configuredVersion the version the tenant names it by, recorded with the file's digest
   */
  public TenantModel(
      String tenant,
      String configuredVersion,
      List<String> catalogueFlavours,
      ModelSource source,
      Duration checkInterval,
      Clock clock) {
    this.tenant = tenant;
    this.source = source;
    this.configuredVersion = configuredVersion;
    this.catalogueFlavours = List.copyOf(catalogueFlavours);
    this.checkInterval = checkInterval;
    this.clock = clock;
  }

  /**
   * The model to use for the next batch: the first version is loaded on the first call (failing if
   * it cannot be), a newer one when it is published. A broken new version is logged and the current
   * one kept.
   */
  public Loaded current() throws IOException {
    Instant now = clock.instant();
    if (current != null && now.isBefore(nextCheck)) {
      return current;
    }
    nextCheck = now.plus(checkInterval);
    if (current == null) {
      current = load();
      return current;
    }
    try {
      if (!source.fingerprint().equals(current.fingerprint())) {
        Loaded previous = current;
        current = load();
        previous.model().close();
      }
    } catch (IOException | RuntimeException e) {
      log.error(
          "Tenant {}: keeping model {}; the version now at {} failed: {}",
          tenant,
          current.model().version(),
          source.uri(),
          e.toString());
    }
    return current;
  }

  /** True once a model has been loaded. */
  public boolean loaded() {
    return current != null;
  }

  private Loaded load() throws IOException {
    Path dir = Files.createTempDirectory("sundae-model-");
    try {
      ModelFiles files = source.fetch(dir);
      String version = version(files.model());
      FlavourModel model = FlavourModel.load(files, version);
      try {
        Catalogue catalogue = Catalogue.of(model.labels(), catalogueFlavours);
        log.info(
            "Tenant {}: serving model {} from {}{}",
            tenant,
            version,
            source.uri(),
            catalogue.unknown().isEmpty() ? "" : "; it has no score for " + catalogue.unknown());
        return new Loaded(model, catalogue, files.fingerprint());
      } catch (RuntimeException e) {
        model.close();
        throw e;
      }
    } finally {
      deleteRecursively(dir); // the engine has read the files into memory
    }
  }

  private String version(Path model) throws IOException {
    String digest = sha256(model).substring(0, 12);
    return configuredVersion == null || configuredVersion.isBlank()
        ? digest
        : configuredVersion + "@" + digest;
  }

  static String sha256(Path file) throws IOException {
    try (InputStream in =
        new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteRecursively(Path dir) throws IOException {
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  @Override
  public void close() {
    if (current != null) {
      current.model().close();
      current = null;
    }
  }
}
