package org.convnetij.filter;

/**
 * The rank filters over a circular window of radius r, the window ImageJ's RankFilters uses: pixel (dx, dy) is in
 * it when dx*dx + dy*dy <= r*r + 1.
 */
public enum Rank {
	MINIMUM, MAXIMUM, MEDIAN;

	/** The window offsets as pairs (dx, dy), row by row, in the order both engines read them. */
	public static int[] window(final int radius) {
		final int r2 = radius * radius + 1;
		int n = 0;
		final int[] offsets = new int[2 * (2 * radius + 1) * (2 * radius + 1)];
		for (int dy = -radius; dy <= radius; dy++) {
			for (int dx = -radius; dx <= radius; dx++) {
				if (dx * dx + dy * dy <= r2) {
					offsets[n++] = dx;
					offsets[n++] = dy;
				}
			}
		}
		return java.util.Arrays.copyOf(offsets, n);
	}
}
