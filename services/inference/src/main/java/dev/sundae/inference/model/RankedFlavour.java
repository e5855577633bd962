package dev.sundae.inference.model;

/**
 * A recommended flavour.
 *
 * @param rank 1 for the best
 * @param flavour the name as the tenant's catalogue spells it
 * @param score the model's score for it (the reference model gives probabilities)
 */
public record RankedFlavour(int rank, String flavour, float score) {}
