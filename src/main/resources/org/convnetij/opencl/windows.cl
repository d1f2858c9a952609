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
