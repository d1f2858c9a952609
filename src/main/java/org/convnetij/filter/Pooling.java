package org.convnetij.filter;

/** Pooling over F x F windows, S pixels apart; output (W - F) / S + 1 per axis. */
public enum Pooling {
	MAX, AVERAGE
}
