package dev.sundae.inference.recommendation;

import dev.sundae.inference.model.RankedFlavour;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the model made of one uploaded frame; {@link RecommendationWriter} stores its top three.
 *
 * @param requestId the upload's request, from the frame's key
 * @param bucket the bucket of the frame
 * @param objectKey its key
 * @param versionId its version, empty in an unversioned bucket
 * @param uploadedAt when the object store says it was created
 * @param modelVersion the model that scored it
 * @param ranking every catalogue flavour the model scores, best first
 * @param scoringMillis the forward pass's time per frame; null when not measured
 * @param scoringFrames how many frames that pass scored; null when not measured
 * @param shadow what a shadow candidate made of the same frame; null without one
 */
public record Recommendation(
    UUID requestId,
    String bucket,
    String objectKey,
    String versionId,
    Optional<Instant> uploadedAt,
    String modelVersion,
    List<RankedFlavour> ranking,
    Double scoringMillis,
    Integer scoringFrames,
    Shadow shadow) {

  /** A shadow candidate's ranking of the frame: logged, never shown. */
  public record Shadow(String modelVersion, List<RankedFlavour> ranking, double scoringMillis) {}
}
