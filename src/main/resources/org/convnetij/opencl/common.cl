// Shared by every kernel file (prepended by ClContext). Sums use fma() explicitly and no other contraction, so
// the results round exactly as the Java reference (Math.fma) does.
#pragma OPENCL FP_CONTRACT OFF

// Padding, as filter.Padding's ordinal: 0 none, 1 zero, 2 mirror (reflect-101), 3 clamp.
#ifndef PAD
#define PAD 1
#endif

// The pixel index a padded coordinate reads along an axis of `size` pixels, or -1 for a zero.
inline int src_index(int i, const int size) {
	if (i >= 0 && i < size) return i;
#if PAD == 3
	return i < 0 ? 0 : size - 1;
#elif PAD == 2
	if (size == 1) return 0;
	const int period = 2 * (size - 1);
	i = i % period;
	if (i < 0) i += period;
	return i < size ? i : period - i;
#else
	return -1;
#endif
}

// Pixel (x, y) of a W x H plane of which rows [y0, y0 + rows) are in `band`, padded outside the plane.
inline float read_padded(__global const float* band, const int x, const int y, const int W, const int H,
		const int y0, const int rows) {
	const int sx = src_index(x, W), sy = src_index(y, H);
	return (sx < 0 || sy < y0 || sy >= y0 + rows) ? 0.0f : band[(sy - y0) * W + sx];
}

__kernel void copy(__global const float* in, __global float* out, const int n) {
	const int i = get_global_id(0);
	if (i < n) out[i] = in[i];
}

// Stores the first n lanes of v at o: all of them, or fewer in the last work item of a row (the image's right edge).
// store_first16 and store_first8, for float16 and float8.
#define DEFINE_STORE_FIRST(L) \
inline void store_first##L(__global float* o, const float##L v, const int n) { \
	if (n >= L) { \
		vstore##L(v, 0, o); \
		return; \
	} \
	float a[L]; \
	vstore##L(v, 0, a); \
	for (int j = 0; j < n; j++) o[j] = a[j]; \
}
DEFINE_STORE_FIRST(16)
DEFINE_STORE_FIRST(8)
