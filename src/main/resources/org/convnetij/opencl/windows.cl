// Sliding windows that are not sums of products. Band arguments as in correlate.cl.

#ifdef RANK
// Small windows are fully unrolled so that every index is a constant and the values live in registers (fast);
// larger ones are not, because compiling the unrolled selection takes minutes on some devices.
#if N <= 25
#define FULL_UNROLL _Pragma("unroll")
#else
#define FULL_UNROLL _Pragma("unroll 1")
#endif
// Defines: RANK (0 minimum, 1 maximum, 2 median), R (radius), R2 (r*r + 1: the circular window), N (pixels in it),
// B (border: R, or 0 for padding none), PAD.
#if RANK == 2 && R == 2
// Median of ImageJ's radius-2 circle (21 pixels) for MEDIAN_RUN horizontally adjacent outputs per work item. The
// window's columns have heights 3, 5, 5, 5, 3; each column of the run is sorted once (its 5 values and its middle
// 3) and shared by up to 5 outputs. The median is then selected from the 5 presorted columns by a network found
// by pruning a forgetful selection network: every compare-exchange whose removal keeps the median right for all
// 0-1 inputs with sorted columns (3456 of them) was removed, which by the 0-1 principle keeps it right for every
// input. Checked also on random windows against a plain median. Same values as the per-pixel selection.
#ifndef MEDIAN_RUN
#define MEDIAN_RUN 8
#endif
#define CE(a, b) { const float lo_ = fmin(a, b); b = fmax(a, b); a = lo_; }
// Generated: 55 compare-exchanges; the median ends on wire 8.
#define MEDIAN21_OUT 8
#define MEDIAN21_NETWORK(v) CE(v[9], v[3]) CE(v[9], v[0]) CE(v[3], v[15]) CE(v[2], v[15]) CE(v[12], v[15]) CE(v[3], v[0]) CE(v[3], v[14]) CE(v[3], v[7]) CE(v[2], v[1]) CE(v[12], v[1]) CE(v[11], v[1]) CE(v[7], v[1]) CE(v[2], v[0]) CE(v[2], v[14]) CE(v[2], v[11]) CE(v[2], v[5]) CE(v[11], v[17]) CE(v[7], v[17]) CE(v[0], v[14]) CE(v[0], v[11]) CE(v[0], v[7]) CE(v[0], v[5]) CE(v[0], v[8]) CE(v[14], v[19]) CE(v[7], v[19]) CE(v[12], v[14]) CE(v[12], v[5]) CE(v[12], v[8]) CE(v[14], v[6]) CE(v[11], v[6]) CE(v[14], v[16]) CE(v[14], v[5]) CE(v[14], v[8]) CE(v[14], v[13]) CE(v[11], v[13]) CE(v[7], v[13]) CE(v[16], v[13]) CE(v[5], v[13]) CE(v[11], v[5]) CE(v[11], v[8]) CE(v[11], v[20]) CE(v[7], v[20]) CE(v[5], v[20]) CE(v[7], v[8]) CE(v[7], v[4]) CE(v[16], v[4]) CE(v[5], v[4]) CE(v[8], v[4]) CE(v[16], v[8]) CE(v[16], v[18]) CE(v[5], v[18]) CE(v[8], v[18]) CE(v[5], v[8]) CE(v[5], v[10]) CE(v[8], v[10])
__kernel void rank_filter(__global const float* in, const int W, const int H, const int inY0, const int inRows,
		__global float* out, const int outW, const int outY0, const int outRows) {
	const int ox0 = get_global_id(0) * MEDIAN_RUN, oyl = get_global_id(1);
	if (ox0 >= outW || oyl >= outRows) return;
	const int cx = ox0 - B + R, cy = outY0 + oyl - B + R;
	float c5[MEDIAN_RUN + 4][5], c3[MEDIAN_RUN + 4][3];
	FULL_UNROLL
	for (int j = 0; j < MEDIAN_RUN + 4; j++) {
		float* a = c5[j];
		FULL_UNROLL
		for (int dy = -2; dy <= 2; dy++) a[dy + 2] = read_padded(in, cx + j - 2, cy + dy, W, H, inY0, inRows);
		float* b = c3[j];
		b[0] = a[1];
		b[1] = a[2];
		b[2] = a[3];
		CE(b[0], b[2]) CE(b[0], b[1]) CE(b[1], b[2])
		CE(a[0], a[1]) CE(a[3], a[4]) CE(a[2], a[4]) CE(a[2], a[3]) CE(a[0], a[3]) CE(a[0], a[2]) CE(a[1], a[4])
		CE(a[1], a[3]) CE(a[1], a[2])
	}
	FULL_UNROLL
	for (int k = 0; k < MEDIAN_RUN; k++) {
		float v[21];
		FULL_UNROLL
		for (int i = 0; i < 3; i++) {
			v[i] = c3[k][i];
			v[18 + i] = c3[k + 4][i];
		}
		FULL_UNROLL
		for (int i = 0; i < 5; i++) {
			v[3 + i] = c5[k + 1][i];
			v[8 + i] = c5[k + 2][i];
			v[13 + i] = c5[k + 3][i];
		}
		MEDIAN21_NETWORK(v)
		if (ox0 + k < outW) out[oyl * outW + ox0 + k] = v[MEDIAN21_OUT];
	}
}
#else
__kernel void rank_filter(__global const float* in, const int W, const int H, const int inY0, const int inRows,
		__global float* out, const int outW, const int outY0, const int outRows) {
	const int ox = get_global_id(0), oyl = get_global_id(1);
	if (ox >= outW || oyl >= outRows) return;
	const int cx = ox - B + R, cy = outY0 + oyl - B + R;
	float v[N];
	int n = 0;
	FULL_UNROLL
	for (int dy = -R; dy <= R; dy++) {
		FULL_UNROLL
		for (int dx = -R; dx <= R; dx++) {
			if (dx * dx + dy * dy <= R2) v[n++] = read_padded(in, cx + dx, cy + dy, W, H, inY0, inRows);
		}
	}
#if RANK == 2 && N >= 3 && N <= 25
	// Forgetful selection (Perrot et al., 2014): keep N/2 + 2 values, move their minimum and maximum to the ends and
	// forget both, take in the next value, repeat; the last value left is the median. No branches, all in registers.
	int first = 0, last = N / 2 + 1;
	FULL_UNROLL
	for (int next = N / 2 + 2; next <= N; next++) {
		FULL_UNROLL
		for (int i = first + 1; i <= last; i++) {
			const float a = v[first], b = v[i];
			v[first] = fmin(a, b);
			v[i] = fmax(a, b);
		}
		FULL_UNROLL
		for (int i = first + 1; i < last; i++) {
			const float a = v[i], b = v[last];
			v[i] = fmin(a, b);
			v[last] = fmax(a, b);
		}
		first++;
		if (next < N) v[last] = v[next];
		else last--;
	}
	out[oyl * outW + ox] = v[first];
#elif RANK == 2
	// Selection without branches: after step i, v[i] is the i-th smallest.
	for (int i = 0; i <= N / 2; i++) {
		for (int j = i + 1; j < N; j++) {
			const float a = v[i], b = v[j];
			v[i] = fmin(a, b);
			v[j] = fmax(a, b);
		}
	}
	out[oyl * outW + ox] = v[N / 2];
#else
	float r = v[0];
	FULL_UNROLL
	for (int i = 1; i < N; i++) r = RANK == 0 ? fmin(r, v[i]) : fmax(r, v[i]);
	out[oyl * outW + ox] = r;
#endif
}
#endif
#endif

#ifdef POOL
// Defines: POOL (0 max, 1 average), F (window), STRIDE. No padding.
__kernel void pool(__global const float* in, const int W, const int inY0, __global float* out, const int outW,
		const int outY0, const int outRows) {
	const int ox = get_global_id(0), oyl = get_global_id(1);
	if (ox >= outW || oyl >= outRows) return;
	__global const float* base = in + ((outY0 + oyl) * STRIDE - inY0) * W + ox * STRIDE;
	float r = POOL == 0 ? base[0] : 0.0f;
	for (int v = 0; v < F; v++) {
		for (int u = 0; u < F; u++) r = POOL == 0 ? fmax(r, base[v * W + u]) : r + base[v * W + u];
	}
	out[oyl * outW + ox] = POOL == 0 ? r : r / (float) (F * F);
}
#endif

#ifdef TPL_W
// Normalised cross-correlation; `t` is the template minus its mean, `tsq` the sum of its squares.
__kernel void match_template(__global const float* in, const int W, const int inY0, __global float* out,
		const int outW, const int outY0, const int outRows, __global const float* t, const float tsq) {
	const int ox = get_global_id(0), oyl = get_global_id(1);
	if (ox >= outW || oyl >= outRows) return;
	__global const float* base = in + (outY0 + oyl - inY0) * W + ox;
	float sum = 0.0f;
	for (int v = 0; v < TPL_H; v++) {
		for (int u = 0; u < TPL_W; u++) sum += base[v * W + u];
	}
	const float mean = sum / (float) (TPL_W * TPL_H);
	float num = 0.0f, var = 0.0f;
	for (int v = 0; v < TPL_H; v++) {
		for (int u = 0; u < TPL_W; u++) {
			const float d = base[v * W + u] - mean;
			num = fma(d, t[v * TPL_W + u], num);
			var = fma(d, d, var);
		}
	}
	const float denominator = sqrt(var * tsq);
	out[oyl * outW + ox] = denominator > 0.0f ? num / denominator : 0.0f;
}
#endif
