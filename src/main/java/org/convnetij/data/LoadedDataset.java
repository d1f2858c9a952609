package org.convnetij.data;

/** The images read from a labelled folder and the summary of what was read, skipped and converted. */
public record LoadedDataset(LabelledImages images, DatasetSummary summary) {}
