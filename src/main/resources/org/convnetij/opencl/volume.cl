// Filters over several planes at once.

#ifdef KD
// 3D correlation of a slab: `in` holds slices [inZ0, inZ0 + inSlices) of a W x H x D volume; `out` gets output
// slices [outZ0, outZ0 + outSlices) of outW x outH. Defines: KW, KH, KD, PX, PY, PZ (borders), PAD.
__kernel void correlate3d(__global const float* in, const int W, const int H, const int D, const int inZ0,
		const int inSlices, __global float* out, const int outW, const int outH, const int outZ0, const int outSlices,
		__global const float* k) {
	const int ox = get_global_id(0), oy = get_global_id(1), ozl = get_global_id(2);
	if (ox >= outW || oy >= outH || ozl >= outSlices) return;
	float acc = 0.0f;
	for (int w = 0; w < KD; w++) {
		const int sz = src_index(outZ0 + ozl + w - PZ, D);
		const bool zin = sz >= inZ0 && sz < inZ0 + inSlices;
		for (int v = 0; v < KH; v++) {
			const int sy = src_index(oy + v - PY, H);
			for (int u = 0; u < KW; u++) {
				const int sx = src_index(ox + u - PX, W);
				const float p = (!zin || sy < 0 || sx < 0) ? 0.0f : in[((sz - inZ0) * H + sy) * W + sx];
				acc = fma(k[(w * KH + v) * KW + u], p, acc);
			}
		}
	}
	out[(ozl * outH + oy) * outW + ox] = acc;
}
#endif

#ifdef LAYER_F
// A convolution layer over a band: `in` holds rows [inY0, inY0 + inRows) of each of the D planes (plane d at
// d * inRows * W); `out` gets output rows [outY0, outY0 + outRows) of each of the N output planes.
// Defines: LAYER_F (kernel size), PB (border), STRIDE, RELU (0 or 1), PAD.
__kernel void conv_layer(__global const float* in, const int W, const int H, const int D, const int inY0,
		const int inRows, __global float* out, const int outW, const int outY0, const int outRows,
		__global const float* weights, __global const float* bias) {
	const int ox = get_global_id(0), oyl = get_global_id(1), o = get_global_id(2);
	if (ox >= outW || oyl >= outRows) return;
	const int iy = (outY0 + oyl) * STRIDE - PB, ix = ox * STRIDE - PB;
	float acc = 0.0f;
	for (int d = 0; d < D; d++) {
		__global const float* plane = in + d * inRows * W;
		__global const float* kd = weights + (o * D + d) * LAYER_F * LAYER_F;
		for (int v = 0; v < LAYER_F; v++) {
			for (int u = 0; u < LAYER_F; u++) {
				acc = fma(kd[v * LAYER_F + u], read_padded(plane, ix + u, iy + v, W, H, inY0, inRows), acc);
			}
		}
	}
	acc += bias[o];
#if RELU
	if (!(acc > 0.0f)) acc = 0.0f;
#endif
	out[(o * outRows + oyl) * outW + ox] = acc;
}
#endif

// Point operations for pipelines on the device.
__kernel void magnitude(__global const float* a, __global const float* b, __global float* out, const int n) {
	const int i = get_global_id(0);
	if (i < n) out[i] = sqrt(a[i] * a[i] + b[i] * b[i]);
}

// (original - weight * blurred) / (1 - weight), as ImageJ's Unsharp Mask.
__kernel void unsharp(__global const float* original, __global const float* blurred, __global float* out,
		const float weight, const int n) {
	const int i = get_global_id(0);
	if (i < n) out[i] = (original[i] - weight * blurred[i]) / (1.0f - weight);
}
