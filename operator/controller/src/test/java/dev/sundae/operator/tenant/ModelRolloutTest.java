package dev.sundae.operator.tenant;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sundae.operator.api.CandidateModelSpec;
import dev.sundae.operator.api.InferenceSpec;
import dev.sundae.operator.api.ModelStatus;
import dev.sundae.operator.api.ModelStatus.CandidateStatus.Phase;
import dev.sundae.operator.api.PromotionSpec;
import dev.sundae.operator.api.Tenant;
import dev.sundae.operator.api.TenantSpec;
import dev.sundae.operator.api.TenantStatus;
import dev.sundae.operator.runtime.EventRecorder;
import dev.sundae.tenancy.ModelTrials;
import dev.sundae.tenancy.ModelTrials.VersionFigures;
import dev.sundae.tenancy.TenantConfig;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ModelRolloutTest {

  private static final Instant NOW = Instant.parse("2026-12-07T10:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private final List<String> events = new ArrayList<>();
  private final EventRecorder recorder =
      new EventRecorder(null) {
        @Override
        public void normal(HasMetadata resource, String reason, String message) {
          events.add("Normal " + reason + ": " + message);
        }

        @Override
        public void warning(HasMetadata resource, String reason, String message) {
          events.add("Warning " + reason + ": " + message);
        }
      };

  @Test
  void withoutACandidateTheWorkersServeTheSpecsModel() {
    ModelRollout.Outcome outcome = of(tenant(null), failing());

    assertThat(outcome.served()).isEqualTo(new ModelRollout.Served("s3://m/v1.pt", "v1", null));
    assertThat(outcome.status().getServing()).isEqualTo("v1");
    assertThat(outcome.status().getCandidate()).isNull();
    assertThat(outcome.undecided()).isFalse();
  }

  @Test
  void aNewCandidateStartsItsTrialAsACanaryOfTenPercentUntilItHasTheFigures() {
    Tenant tenant = tenant(candidate(null));
    List<Instant> since = new ArrayList<>();

    ModelRollout.Outcome outcome =
        of(
            tenant,
            (stable, candidate, mode, from) -> {
              since.add(from);
              return Optional.of(figures(150, 40, 12, 3));
            });

    assertThat(outcome.served().candidate())
        .isEqualTo(
            new TenantConfig.Candidate(
                "s3://m/v2.pt", "v2", TenantConfig.Candidate.Mode.CANARY, 10));
    assertThat(outcome.undecided()).isTrue();
    ModelStatus.CandidateStatus trial = outcome.status().getCandidate();
    assertThat(trial.getPhase()).isEqualTo(Phase.Evaluating);
    assertThat(trial.getReason()).isEqualTo("NotEnoughData");
    assertThat(trial.getMessage())
        .isEqualTo("150 of 200 recommendations for the stable version, 12 for the candidate");
    assertThat(trial.getStartedAt()).isEqualTo(NOW.toString());
    assertThat(since).containsExactly(NOW);
    assertThat(events).isEmpty();
  }

  @Test
  void aCandidateNoWorseThanTheMarginIsPromotedAndServesInTheStablesPlace() {
    Tenant tenant = tenant(candidate(null));
    tenant.getStatus().setModel(trialStartedAt("2026-12-06T10:00:00Z", "v2"));

    // 30.5 % against 30.0 %: the interval of the difference is about -1.1 to +2.1 points
    ModelRollout.Outcome outcome =
        of(tenant, (s, c, m, f) -> Optional.of(figures(6000, 1800, 6000, 1830)));

    ModelStatus.CandidateStatus trial = outcome.status().getCandidate();
    assertThat(trial.getPhase()).isEqualTo(Phase.Promoted);
    assertThat(trial.getReason()).isEqualTo("NonInferior");
    assertThat(trial.getConversionDifference().getLow()).isGreaterThan(-2.0);
    assertThat(trial.getConversionDifference().getEstimate()).isEqualTo(0.5);
    assertThat(trial.getStartedAt()).isEqualTo("2026-12-06T10:00:00Z");
    assertThat(trial.getDecidedAt()).isEqualTo(NOW.toString());
    assertThat(outcome.served()).isEqualTo(new ModelRollout.Served("s3://m/v2.pt", "v2", null));
    assertThat(outcome.status().getServing()).isEqualTo("v2");
    assertThat(events)
        .singleElement()
        .asString()
        .startsWith("Normal ModelPromoted: conversion 30.5 %");

    // decided: the next reconcile keeps it without reading a figure
    tenant.getStatus().setModel(outcome.status());
    ModelRollout.Outcome again = of(tenant, failing());
    assertThat(again.served()).isEqualTo(outcome.served());
    assertThat(again.undecided()).isFalse();
    assertThat(events).hasSize(1);
  }

  @Test
  void aCandidateSurelyWorseByMoreThanTheMarginIsRolledBack() {
    Tenant tenant = tenant(candidate(null));
    tenant.getStatus().setModel(trialStartedAt("2026-12-06T10:00:00Z", "v2"));

    ModelRollout.Outcome outcome =
        of(tenant, (s, c, m, f) -> Optional.of(figures(2000, 600, 2000, 480)));

    ModelStatus.CandidateStatus trial = outcome.status().getCandidate();
    assertThat(trial.getPhase()).isEqualTo(Phase.RolledBack);
    assertThat(trial.getReason()).isEqualTo("ConversionWorse");
    assertThat(trial.getConversionDifference().getHigh()).isLessThan(-2.0);
    assertThat(outcome.served().candidate()).isNull();
    assertThat(outcome.served().version()).isEqualTo("v1");
    assertThat(events)
        .singleElement()
        .asString()
        .startsWith("Warning ModelRolledBack: conversion 24.0 %");

    // a new version is a new trial
    tenant.getStatus().setModel(outcome.status());
    tenant.getSpec().getInference().getCandidate().setModelVersion("v3");
    ModelRollout.Outcome next = of(tenant, (s, c, m, f) -> Optional.of(figures(10, 1, 0, 0)));
    assertThat(next.status().getCandidate().getPhase()).isEqualTo(Phase.Evaluating);
    assertThat(next.status().getCandidate().getStartedAt()).isEqualTo(NOW.toString());
    assertThat(next.served().candidate().version()).isEqualTo("v3");
  }

  @Test
  void aSlowerCandidateIsRolledBackOnItsScoringTime() {
    Tenant tenant = tenant(candidate(null));
    ModelTrials.Figures slow =
        new ModelTrials.Figures(
            new VersionFigures(500, 150, 40.0),
            new VersionFigures(500, 160, 52.0),
            Optional.empty());

    ModelRollout.Outcome outcome = of(tenant, (s, c, m, f) -> Optional.of(slow));

    assertThat(outcome.status().getCandidate().getReason()).isEqualTo("LatencyWorse");
    assertThat(outcome.status().getCandidate().getMessage())
        .startsWith("p95 scoring 52.0 ms against 40.0 ms, more than 25 % above");
  }

  @Test
  void aCandidateThatDidNotLoadIsRolledBackAtOnce() {
    ModelTrials.Figures failed =
        new ModelTrials.Figures(
            new VersionFigures(3, 1, 20.0),
            new VersionFigures(0, 0, null),
            Optional.of("cannot load it: not a ZIP archive"));

    ModelRollout.Outcome outcome = of(tenant(candidate(null)), (s, c, m, f) -> Optional.of(failed));

    assertThat(outcome.status().getCandidate().getPhase()).isEqualTo(Phase.RolledBack);
    assertThat(outcome.status().getCandidate().getMessage())
        .isEqualTo("candidate v2 took no traffic: cannot load it: not a ZIP archive");
    assertThat(outcome.served().candidate()).isNull();
  }

  @Test
  void tooCloseToCallKeepsEvaluatingAndAnUnreachableDatabaseDecidesNothing() {
    ModelRollout.Outcome close =
        of(tenant(candidate(null)), (s, c, m, f) -> Optional.of(figures(300, 90, 300, 84)));
    assertThat(close.status().getCandidate().getReason()).isEqualTo("Inconclusive");
    assertThat(close.undecided()).isTrue();

    ModelRollout.Outcome unreachable = of(tenant(candidate(null)), failing());
    assertThat(unreachable.status().getCandidate().getReason()).isEqualTo("FiguresUnavailable");
    assertThat(unreachable.served().candidate()).isNotNull();
    assertThat(events).isEmpty();
  }

  @Test
  void aShadowIsServedWithoutAShareAndSwitchingModeStartsANewTrial() {
    CandidateModelSpec shadow = candidate(CandidateModelSpec.Mode.Shadow);
    Tenant tenant = tenant(shadow);
    tenant.getStatus().setModel(trialStartedAt("2026-12-06T10:00:00Z", "v2")); // a canary's

    ModelRollout.Outcome outcome =
        of(
            tenant,
            (s, c, mode, f) -> {
              assertThat(mode).isEqualTo(TenantConfig.Candidate.Mode.SHADOW);
              return Optional.of(figures(10, 1, 10, 1));
            });

    assertThat(outcome.served().candidate().mode()).isEqualTo(TenantConfig.Candidate.Mode.SHADOW);
    assertThat(outcome.status().getCandidate().getStartedAt()).isEqualTo(NOW.toString());
  }

  // --- helpers

  private ModelRollout.Outcome of(Tenant tenant, ModelRollout.FiguresSource figures) {
    return ModelRollout.of(tenant, figures, ModelRollout.Evaluation.RUN, CLOCK, recorder);
  }

  private static ModelRollout.FiguresSource failing() {
    return (s, c, m, f) -> {
      throw new IllegalStateException("connection refused");
    };
  }

  private static ModelTrials.Figures figures(
      long stable, long stableConverted, long candidate, long candidateConverted) {
    return new ModelTrials.Figures(
        new VersionFigures(stable, stableConverted, 20.0),
        new VersionFigures(candidate, candidateConverted, 21.0),
        Optional.empty());
  }

  private static ModelStatus trialStartedAt(String startedAt, String version) {
    ModelStatus.CandidateStatus trial = new ModelStatus.CandidateStatus();
    trial.setVersion(version);
    trial.setMode(CandidateModelSpec.Mode.Canary);
    trial.setPhase(Phase.Evaluating);
    trial.setStartedAt(startedAt);
    ModelStatus status = new ModelStatus();
    status.setCandidate(trial);
    return status;
  }

  private static CandidateModelSpec candidate(CandidateModelSpec.Mode mode) {
    CandidateModelSpec candidate = new CandidateModelSpec();
    candidate.setModelUri("s3://m/v2.pt");
    candidate.setModelVersion("v2");
    candidate.setMode(mode);
    candidate.setPromotion(new PromotionSpec()); // as the API server defaults it: all empty here
    return candidate;
  }

  private static Tenant tenant(CandidateModelSpec candidate) {
    InferenceSpec inference = new InferenceSpec();
    inference.setModelUri("s3://m/v1.pt");
    inference.setModelVersion("v1");
    inference.setCandidate(candidate);
    TenantSpec spec = new TenantSpec();
    spec.setInference(inference);
    Tenant tenant = new Tenant();
    tenant.setMetadata(new ObjectMetaBuilder().withName("acme").withNamespace("dev").build());
    tenant.setSpec(spec);
    tenant.setStatus(new TenantStatus());
    return tenant;
  }
}
