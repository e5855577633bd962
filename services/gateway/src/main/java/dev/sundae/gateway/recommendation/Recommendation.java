package dev.sundae.gateway.recommendation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The top flavours the model chose for one frame.
 *
 * @param requestId the upload's request id
 * @param modelVersion the model that chose them
 * @param flavours best first
 * @param createdAt when the worker stored them
 */
record Recommendation(
    UUID requestId, String modelVersion, List<RankedFlavour> flavours, Instant createdAt) {

  record RankedFlavour(int rank, String flavour, float score) {}
}
