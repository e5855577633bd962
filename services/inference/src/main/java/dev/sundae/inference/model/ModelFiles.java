package dev.sundae.inference.model;

import java.nio.file.Path;

/**
 * One version of a model, copied to local disk.
 *
 * @param model the TorchScript file
 * @param labels the labels file: one flavour per line, in the order of the model's outputs
 * @param fingerprint what {@link ModelSource#fingerprint()} said of this version
 */
public record ModelFiles(Path model, Path labels, String fingerprint) {}
