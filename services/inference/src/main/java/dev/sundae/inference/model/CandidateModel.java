package dev.sundae.inference.model;

import dev.sundae.tenancy.TenantConfig;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tenant's candidate model ({@link TenantConfig.Candidate}) beside its stable one. Unlike the
 * stable model it never holds the worker up: a candidate that fails to load, that scores a
 * catalogue flavour fewer than the stable model, or whose forward pass fails takes no traffic (its
 * frames go to the stable model), and the failure is reported ({@link Reports}: the operator reads
 * it and rolls the candidate back). A failed load is tried again after the retry interval; a failed
 * forward pass holds until the worker restarts. Used by the tenant's worker thread only.
 */
public final class CandidateModel implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(CandidateModel.class);

  /** Where a worker says how its candidate fares. */
  public interface Reports {
    /** {@code version} is loaded and takes its share. */
    void loaded(String version);

    /** {@code version} takes no traffic, for {@code reason}. */
    void failed(String version, String reason);
  }

  private final String tenant;
  private final TenantConfig.Candidate trial;
  private final TenantModel model;
  private final Reports reports;
  private final Duration retryInterval;
  private final Clock clock;
  private Instant retryAt = Instant.MIN;
  private String reportedFingerprint;
  private String broken;

  public CandidateModel(
      String tenant,
      TenantConfig.Candidate trial,
      TenantModel model,
      Reports reports,
      Duration retryInterval,
      Clock clock) {
    this.tenant = tenant;
    this.trial = trial;
    this.model = model;
    this.reports = reports;
    this.retryInterval = retryInterval;
    this.clock = clock;
  }

  public TenantConfig.Candidate trial() {
    return trial;
  }

  /**
   * The candidate for the next batch, or empty while it cannot take traffic.
   *
   * @param stable the stable model of the same batch, whose catalogue the candidate must cover
   */
  public Optional<TenantModel.Loaded> current(TenantModel.Loaded stable) {
    if (broken != null || (!model.loaded() && clock.instant().isBefore(retryAt))) {
      return Optional.empty();
    }
    try {
      TenantModel.Loaded loaded = model.current();
      List<String> lost = new ArrayList<>(loaded.catalogue().unknown());
      lost.removeAll(stable.catalogue().unknown());
      if (!lost.isEmpty()) {
        model.close();
        throw new IllegalArgumentException(
            "its labels have no score for " + lost + ", which the stable model scores");
      }
      if (!loaded.fingerprint().equals(reportedFingerprint)) {
        reportedFingerprint = loaded.fingerprint();
        log.info("Tenant {}: candidate {} takes its traffic", tenant, trial.version());
        reports.loaded(trial.version());
      }
      return Optional.of(loaded);
    } catch (IOException | RuntimeException e) {
      retryAt = clock.instant().plus(retryInterval);
      reportedFingerprint = null;
      String reason = "cannot load it: " + e.getMessage();
      log.error(
          "Tenant {}: candidate {} takes no traffic, {}; trying again in {}",
          tenant,
          trial.version(),
          reason,
          retryInterval);
      reports.failed(trial.version(), reason);
      return Optional.empty();
    }
  }

  /** True once a forward pass failed: it takes no more traffic. */
  public boolean broken() {
    return broken != null;
  }

  /** Its forward pass failed on {@code batchSize} frames: it takes no more traffic. */
  public void broke(RuntimeException e, int batchSize) {
    broken = "its forward pass failed on a batch of " + batchSize + ": " + e.getMessage();
    log.error("Tenant {}: candidate {} takes no traffic, {}", tenant, trial.version(), broken, e);
    reports.failed(trial.version(), broken);
    model.close();
  }

  @Override
  public void close() {
    model.close();
  }
}
