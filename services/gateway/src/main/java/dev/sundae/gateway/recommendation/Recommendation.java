package dev.sundae.gateway.recommendation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The top flavours the model chose for one frame.
 *
 * @param requestId the upload's request id
 * @param modelVersion the model that scored them
 * @param arm {@code model}: the model's ranking; {@code holdout}: the tenant's control arm, shown
 *     the chain's best sellers (the scores are still the model's)
 * @param flavours best first
 * @param createdAt when the worker stored them
 */
record Recommendation(
    UUID requestId,
    String modelVersion,
    String arm,
    List<RankedFlavour> flavours,
    Instant createdAt) {

  record RankedFlavour(int rank, String flavour, float score) {}
}
