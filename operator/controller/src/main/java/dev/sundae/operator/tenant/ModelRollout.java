package dev.sundae.operator.tenant;

import dev.sundae.operator.api.CandidateModelSpec;
import dev.sundae.operator.api.InferenceSpec;
import dev.sundae.operator.api.ModelStatus;
import dev.sundae.operator.api.ModelStatus.CandidateStatus;
import dev.sundae.operator.api.ModelStatus.CandidateStatus.Phase;
import dev.sundae.operator.api.PromotionSpec;
import dev.sundae.operator.api.Tenant;
import dev.sundae.operator.runtime.EventRecorder;
import dev.sundae.tenancy.ModelTrials;
import dev.sundae.tenancy.Proportions;
import dev.sundae.tenancy.TenantConfig;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * A candidate model's trial (spec.inference.candidate): what the workers serve, and the decision of
 * its promotion rule ({@link PromotionSpec}) on the figures of the tenant's schema ({@link
 * ModelTrials}). As Argo Rollouts keeps a rollout's stable revision in its status, the decision
 * lives in {@code status.model}, not in the spec, which stays the user's (and their GitOps tool's):
 * a promoted candidate serves every session of the model arm until the spec names it as the model;
 * a rolled back one serves none until its version changes. A new version, or a new mode, starts a
 * new trial, whose figures count from its start.
 */
public final class ModelRollout {

  /** How often an undecided trial reads its figures again. */
  static final Duration EVALUATION_INTERVAL = Duration.ofSeconds(30);

  static final String PROMOTED = "ModelPromoted";
  static final String ROLLED_BACK = "ModelRolledBack";

  /** Reads a trial's figures; empty while the tenant's schema has no tables yet. */
  @FunctionalInterface
  interface FiguresSource {
    Optional<ModelTrials.Figures> read(
        String stable, String candidate, TenantConfig.Candidate.Mode mode, Instant since);
  }

  /**
   * What the workers serve.
   *
   * @param candidate the candidate beside the model, null for none
   */
  record Served(String uri, String version, TenantConfig.Candidate candidate) {}

  /**
   * @param status the Tenant's new status.model
   * @param served what the workers serve
   * @param undecided true while a trial waits for its figures: read them again after {@link
   *     #EVALUATION_INTERVAL}
   */
  record Outcome(ModelStatus status, Served served, boolean undecided) {}

  /** Whether to read an undecided trial's figures (a reconcile) or not (a clean-up). */
  enum Evaluation {
    RUN,
    SKIP
  }

  private ModelRollout() {}

  /**
   * What the inference workers serve, from the spec and the decision already in the status (no
   * figure read): the model and, while a trial is undecided, its candidate; null without inference.
   * What the operator renders for workers it does not run ({@code runtime: external},
   * GatewayTenants), as it sets it on those it runs.
   */
  public static TenantConfig.Model model(Tenant tenant) {
    InferenceSpec inference = tenant.getSpec().getInference();
    if (inference == null) {
      return null;
    }
    CandidateModelSpec candidate = inference.getCandidate();
    Phase phase =
        candidate == null
            ? null
            : trialOf(tenant, candidate).map(CandidateStatus::getPhase).orElse(Phase.Evaluating);
    Served served = served(inference, phase);
    return new TenantConfig.Model(served.uri(), served.version(), served.candidate());
  }

  static Outcome of(
      Tenant tenant,
      FiguresSource figures,
      Evaluation evaluation,
      Clock clock,
      EventRecorder events) {
    InferenceSpec inference = tenant.getSpec().getInference();
    if (inference == null) {
      return new Outcome(null, null, false);
    }
    Served stable = new Served(inference.getModelUri(), inference.getModelVersion(), null);
    CandidateModelSpec candidate = inference.getCandidate();
    ModelStatus status = new ModelStatus();
    status.setServing(inference.getModelVersion());
    if (candidate == null) {
      return new Outcome(status, stable, false);
    }
    CandidateModelSpec.Mode mode = modeOf(candidate);
    CandidateStatus trial = trialOf(tenant, candidate).orElse(null);
    Instant now = clock.instant();
    if (trial == null) {
      trial = new CandidateStatus();
      trial.setVersion(candidate.getModelVersion());
      trial.setMode(mode);
      trial.setStartedAt(now.toString());
    }
    status.setCandidate(trial);
    boolean decided = trial.getPhase() == Phase.Promoted || trial.getPhase() == Phase.RolledBack;
    if (!decided && evaluation == Evaluation.RUN) {
      evaluate(trial, inference, candidate, mode, figures, now);
      if (trial.getPhase() == Phase.Promoted) {
        trial.setDecidedAt(now.toString());
        events.normal(tenant, PROMOTED, trial.getMessage());
      } else if (trial.getPhase() == Phase.RolledBack) {
        trial.setDecidedAt(now.toString());
        events.warning(tenant, ROLLED_BACK, trial.getMessage());
      }
    }
    Served served =
        evaluation == Evaluation.SKIP && !decided ? stable : served(inference, trial.getPhase());
    status.setServing(served.version());
    return new Outcome(status, served, trial.getPhase() == Phase.Evaluating);
  }

  /** The trial in the status that is about {@code candidate}: its version and its mode. */
  private static Optional<CandidateStatus> trialOf(Tenant tenant, CandidateModelSpec candidate) {
    CandidateModelSpec.Mode mode = modeOf(candidate);
    return Optional.ofNullable(tenant.getStatus())
        .map(dev.sundae.operator.api.TenantStatus::getModel)
        .map(ModelStatus::getCandidate)
        .filter(t -> candidate.getModelVersion().equals(t.getVersion()) && t.getMode() == mode);
  }

  /** What the workers serve for a candidate in {@code phase} (null: no candidate). */
  private static Served served(InferenceSpec inference, Phase phase) {
    CandidateModelSpec candidate = inference.getCandidate();
    if (candidate == null || phase == Phase.RolledBack) {
      return new Served(inference.getModelUri(), inference.getModelVersion(), null);
    }
    if (phase == Phase.Promoted) {
      return new Served(candidate.getModelUri(), candidate.getModelVersion(), null);
    }
    return new Served(
        inference.getModelUri(),
        inference.getModelVersion(),
        new TenantConfig.Candidate(
            candidate.getModelUri(),
            candidate.getModelVersion(),
            modeOf(candidate) == CandidateModelSpec.Mode.Shadow
                ? TenantConfig.Candidate.Mode.SHADOW
                : TenantConfig.Candidate.Mode.CANARY,
            Objects.requireNonNullElse(
                candidate.getTrafficPercent(), CandidateModelSpec.DEFAULT_TRAFFIC_PERCENT)));
  }

  /** Reads the figures and applies the rule: the trial's phase, reason, message and figures. */
  private static void evaluate(
      CandidateStatus trial,
      InferenceSpec inference,
      CandidateModelSpec candidate,
      CandidateModelSpec.Mode mode,
      FiguresSource source,
      Instant now) {
    trial.setPhase(Phase.Evaluating);
    Optional<ModelTrials.Figures> read;
    try {
      read =
          source.read(
              inference.getModelVersion(),
              candidate.getModelVersion(),
              mode == CandidateModelSpec.Mode.Shadow
                  ? TenantConfig.Candidate.Mode.SHADOW
                  : TenantConfig.Candidate.Mode.CANARY,
              Instant.parse(trial.getStartedAt()));
    } catch (RuntimeException e) {
      // the database is out of reach: undecided, and said so; the next look tries again
      trial.setReason("FiguresUnavailable");
      trial.setMessage("the trial's figures could not be read: " + e.getMessage());
      return;
    }
    trial.setEvaluatedAt(now.toString());
    if (read.isEmpty()) {
      trial.setReason("NotEnoughData");
      trial.setMessage("no worker has served the tenant yet");
      return;
    }
    decide(trial, read.get(), rule(candidate));
  }

  /** The promotion rule on {@code figures}; sets the phase, reason, message and figures. */
  static void decide(CandidateStatus trial, ModelTrials.Figures figures, PromotionSpec rule) {
    ModelTrials.VersionFigures stable = figures.stable();
    ModelTrials.VersionFigures candidate = figures.candidate();
    trial.setStable(asStatus(stable));
    trial.setCandidate(asStatus(candidate));
    trial.setConversionDifference(null);
    if (figures.failure().isPresent()) {
      set(
          trial,
          Phase.RolledBack,
          "FailedToLoad",
          "candidate " + trial.getVersion() + " took no traffic: " + figures.failure().get());
      return;
    }
    long needed = rule.getMinRecommendations();
    if (stable.recommendations() < needed || candidate.recommendations() < needed) {
      set(
          trial,
          Phase.Evaluating,
          "NotEnoughData",
          String.format(
              Locale.ROOT,
              "%d of %d recommendations for the stable version, %d for the candidate",
              stable.recommendations(),
              needed,
              candidate.recommendations()));
      return;
    }
    Proportions.Interval difference =
        Proportions.difference(
            candidate.conversions(),
            candidate.recommendations(),
            stable.conversions(),
            stable.recommendations());
    trial.setConversionDifference(
        new ModelStatus.Difference(
            points(difference.estimate()), points(difference.low()), points(difference.high())));
    double margin = rule.getConversionMarginPercent() / 100.0;
    String conversion =
        String.format(
            Locale.ROOT,
            "conversion %.1f %% against %.1f %% (difference %+.1f points, 95 %% interval %+.1f to"
                + " %+.1f, margin %d)",
            100.0 * candidate.conversions() / candidate.recommendations(),
            100.0 * stable.conversions() / stable.recommendations(),
            points(difference.estimate()),
            points(difference.low()),
            points(difference.high()),
            rule.getConversionMarginPercent());
    String latency = latency(stable, candidate);
    if (stable.p95ScoringMillis() != null
        && candidate.p95ScoringMillis() != null
        && candidate.p95ScoringMillis()
            > stable.p95ScoringMillis() * (1 + rule.getMaxLatencyIncreasePercent() / 100.0)) {
      set(
          trial,
          Phase.RolledBack,
          "LatencyWorse",
          latency
              + ", more than "
              + rule.getMaxLatencyIncreasePercent()
              + " % above; "
              + conversion);
    } else if (difference.high() < -margin) {
      set(trial, Phase.RolledBack, "ConversionWorse", conversion + "; " + latency);
    } else if (difference.low() > -margin) {
      set(trial, Phase.Promoted, "NonInferior", conversion + "; " + latency);
    } else {
      set(trial, Phase.Evaluating, "Inconclusive", conversion + "; " + latency);
    }
  }

  private static String latency(
      ModelTrials.VersionFigures stable, ModelTrials.VersionFigures candidate) {
    return String.format(
        Locale.ROOT,
        "p95 scoring %s ms against %s ms",
        millis(candidate.p95ScoringMillis()),
        millis(stable.p95ScoringMillis()));
  }

  private static String millis(Double value) {
    return value == null ? "unmeasured" : String.format(Locale.ROOT, "%.1f", value);
  }

  private static void set(CandidateStatus trial, Phase phase, String reason, String message) {
    trial.setPhase(phase);
    trial.setReason(reason);
    trial.setMessage(message);
  }

  private static ModelStatus.VersionFigures asStatus(ModelTrials.VersionFigures figures) {
    return new ModelStatus.VersionFigures(
        figures.recommendations(),
        figures.conversions(),
        figures.p95ScoringMillis() == null
            ? null
            : Math.round(figures.p95ScoringMillis() * 100) / 100.0);
  }

  private static double points(double proportion) {
    return Math.round(proportion * 10_000) / 100.0;
  }

  static CandidateModelSpec.Mode modeOf(CandidateModelSpec candidate) {
    return Objects.requireNonNullElse(candidate.getMode(), CandidateModelSpec.Mode.Canary);
  }

  /** The Tenant's rule with the CRD's defaults for what it leaves out. */
  static PromotionSpec rule(CandidateModelSpec candidate) {
    PromotionSpec given = candidate.getPromotion();
    PromotionSpec rule = new PromotionSpec();
    rule.setMinRecommendations(
        Optional.ofNullable(given)
            .map(PromotionSpec::getMinRecommendations)
            .orElse(PromotionSpec.DEFAULT_MIN_RECOMMENDATIONS));
    rule.setConversionMarginPercent(
        Optional.ofNullable(given)
            .map(PromotionSpec::getConversionMarginPercent)
            .orElse(PromotionSpec.DEFAULT_CONVERSION_MARGIN_PERCENT));
    rule.setMaxLatencyIncreasePercent(
        Optional.ofNullable(given)
            .map(PromotionSpec::getMaxLatencyIncreasePercent)
            .orElse(PromotionSpec.DEFAULT_MAX_LATENCY_INCREASE_PERCENT));
    return rule;
  }
}
