// 2D correlation of a band of rows. Defines: PAD, KW, KH (kernel size), PX, PY (border), STRIDE;
// for correlate_local also LX, LY (work-group size), VX (outputs per work item along X) and NR (output rows per
// work item, 1 unless STRIDE is 1 and VX 8 or 16);
// for the 1D passes KS (kernel length), PB (border), VX and, for the Y pass, NR (rows per work item).
// Arguments common to all: `in` holds image rows [inY0, inY0 + inRows) of a W x H plane; `out` gets output rows
// [outY0, outY0 + outRows), outW wide.

#ifdef KW
// One output per work item, every read through the padding: any kernel size, no local memory.
__kernel void correlate_global(__global const float* in, const int W, const int H, const int inY0,
		const int inRows, __global float* out, const int outW, const int outY0, const int outRows,
		__constant float* k) {
	const int ox = get_global_id(0), oyl = get_global_id(1);
	if (ox >= outW || oyl >= outRows) return;
	const int iy = (outY0 + oyl) * STRIDE - PY, ix = ox * STRIDE - PX;
	float acc = 0.0f;
	for (int v = 0; v < KH; v++) {
		for (int u = 0; u < KW; u++) {
			acc = fma(k[v * KW + u], read_padded(in, ix + u, iy + v, W, H, inY0, inRows), acc);
		}
	}
	out[oyl * outW + ox] = acc;
}
#endif

#if defined(LX) && defined(KW)
#ifndef NR
#define NR 1
#endif
#define TILE_W ((LX * VX - 1) * STRIDE + KW)
#define TILE_H ((LY * NR - 1) * STRIDE + KH)

// A work-group loads its input tile (with halo, padded) into local memory once; each work item then computes VX
// neighbouring outputs from it, VX (8 or 16) at a time as one vector when the stride is 1, in NR rows.
__kernel __attribute__((reqd_work_group_size(LX, LY, 1)))
void correlate_local(__global const float* in, const int W, const int H, const int inY0, const int inRows,
		__global float* out, const int outW, const int outY0, const int outRows, __constant float* k) {
	__local float tile[TILE_H * TILE_W];
	const int lx = get_local_id(0), ly = get_local_id(1);
	const int gx0 = get_group_id(0) * (LX * VX), gy0 = get_group_id(1) * (LY * NR);
	const int ix0 = gx0 * STRIDE - PX, iy0 = (outY0 + gy0) * STRIDE - PY;
	// Each row of work items fills whole tile rows, the row's padding decided once; where no column of the tile is
	// padded, 16 floats per work item at a time.
	const bool inside = ix0 >= 0 && ix0 + TILE_W <= W;
	for (int ty = ly; ty < TILE_H; ty += LY) {
		const int sy = src_index(iy0 + ty, H);
		__local float* trow = tile + ty * TILE_W;
		if (sy < inY0 || sy >= inY0 + inRows) {
			for (int tx = lx; tx < TILE_W; tx += LX) trow[tx] = 0.0f;
		} else if (inside) {
			__global const float* srow = in + (sy - inY0) * W + ix0;
			for (int c = lx * 16; c < TILE_W; c += LX * 16) {
				if (c + 16 <= TILE_W) {
					vstore16(vload16(0, srow + c), 0, trow + c);
				} else {
					for (int tx = c; tx < TILE_W; tx++) trow[tx] = srow[tx];
				}
			}
		} else {
			__global const float* srow = in + (sy - inY0) * W;
			for (int tx = lx; tx < TILE_W; tx += LX) {
				const int sx = src_index(ix0 + tx, W);
				trow[tx] = sx < 0 ? 0.0f : srow[sx];
			}
		}
	}
	barrier(CLK_LOCAL_MEM_FENCE);
	const int oy = gy0 + ly * NR, ox = gx0 + lx * VX;
	if (oy >= outRows || ox >= outW) return;
#if STRIDE == 1 && (VX == 8 || VX == 16)
#if VX == 16
#define LFLOAT float16
#define LLOAD vload16
#define LSTORE_FIRST store_first16
#else
#define LFLOAT float8
#define LLOAD vload8
#define LSTORE_FIRST store_first8
#endif
	// NR output rows: each tile row t is read once and serves output row r with the kernel's row t - r. Every output
	// still sums its fmas in the kernel's order (rows, then columns), so the numbers equal one row per work item's
	// and Java's; the NR sums are independent, so the CPU overlaps them instead of waiting on one chain of fmas.
	LFLOAT acc[NR];
#pragma unroll
	for (int r = 0; r < NR; r++) acc[r] = (LFLOAT)(0.0f);
	__local const float* base = tile + ly * NR * TILE_W + lx * VX;
#pragma unroll 1
	for (int t = 0; t < KH + NR - 1; t++) {
		__local const float* row = base + t * TILE_W;
#pragma unroll
		for (int u = 0; u < KW; u++) {
			const LFLOAT x = LLOAD(0, row + u);
#pragma unroll
			for (int r = 0; r < NR; r++) {
				const int v = t - r;
				if (v >= 0 && v < KH) acc[r] = fma((LFLOAT)(k[v * KW + u]), x, acc[r]);
			}
		}
	}
#pragma unroll
	for (int r = 0; r < NR; r++) {
		if (oy + r < outRows) {
			LSTORE_FIRST(out + (oy + r) * outW + ox, acc[r], outW - ox);
		}
	}
#else
	float acc[VX];
	for (int j = 0; j < VX; j++) acc[j] = 0.0f;
	for (int v = 0; v < KH; v++) {
		__local const float* row = tile + (ly * STRIDE + v) * TILE_W + lx * VX * STRIDE;
		for (int u = 0; u < KW; u++) {
			const float w = k[v * KW + u];
			for (int j = 0; j < VX; j++) acc[j] = fma(w, row[j * STRIDE + u], acc[j]);
		}
	}
	for (int j = 0; j < VX && ox + j < outW; j++) out[oy * outW + ox + j] = acc[j];
#endif
}
#endif

#ifdef KS
#if VX == 16
#define VFLOAT float16
#define VLOAD vload16
#define VSTORE vstore16
#elif VX == 8
#define VFLOAT float8
#define VLOAD vload8
#define VSTORE vstore8
#endif
#ifndef NR
#define NR 1
#endif
// The X pass of a separable correlation: every row of the band, VX outputs per work item. (Several rows per work
// item measured slower here: its sums are short and the loads, not the chain of fmas, bound it.)
__kernel void row_pass(__global const float* in, const int W, const int rows, __global float* mid, const int outW,
		__constant float* k) {
	const int ox0 = get_global_id(0) * VX, y = get_global_id(1);
	if (ox0 >= outW || y >= rows) return;
	__global const float* line = in + y * W;
	__global float* o = mid + y * outW;
#if STRIDE == 1 && defined(VFLOAT)
	const int x0 = ox0 - PB;
	if (x0 >= 0 && x0 + VX + KS - 1 <= W && ox0 + VX <= outW) {
		VFLOAT acc = (VFLOAT)(0.0f);
		for (int u = 0; u < KS; u++) acc = fma((VFLOAT)(k[u]), VLOAD(0, line + x0 + u), acc);
		VSTORE(acc, 0, o + ox0);
		return;
	}
#endif
	for (int j = 0; j < VX && ox0 + j < outW; j++) {
		const int x = (ox0 + j) * STRIDE - PB;
		float acc = 0.0f;
		if (x >= 0 && x + KS <= W) {
			for (int u = 0; u < KS; u++) acc = fma(k[u], line[x + u], acc);
		} else {
			for (int u = 0; u < KS; u++) {
				const int sx = src_index(x + u, W);
				acc = fma(k[u], sx < 0 ? 0.0f : line[sx], acc);
			}
		}
		o[ox0 + j] = acc;
	}
}

// The Y pass: `mid` holds rows [inY0, inY0 + inRows) of the X pass (outW wide); VX columns in each of NR rows per
// work item. At stride 1 each row read serves every output row it is in the window of (input row t, output row r,
// weight t - r), each output still summed in the kernel's order.
__kernel void column_pass(__global const float* mid, const int outW, const int H, const int inY0, const int inRows,
		__global float* out, const int outY0, const int outRows, __constant float* k) {
	const int x0 = get_global_id(0) * VX, oyl0 = get_global_id(1) * NR;
	if (x0 >= outW || oyl0 >= outRows) return;
#ifdef VFLOAT
	if (x0 + VX <= outW) {
#if STRIDE == 1
		const int iy = outY0 + oyl0 - PB;
		VFLOAT acc[NR];
#pragma unroll
		for (int r = 0; r < NR; r++) acc[r] = (VFLOAT)(0.0f);
#pragma unroll 1
		for (int t = 0; t < KS + NR - 1; t++) {
			const int sy = src_index(iy + t, H);
			const VFLOAT p = (sy < inY0 || sy >= inY0 + inRows) ? (VFLOAT)(0.0f) : VLOAD(0, mid + (sy - inY0) * outW + x0);
#pragma unroll
			for (int r = 0; r < NR; r++) {
				const int v = t - r;
				if (v >= 0 && v < KS) acc[r] = fma((VFLOAT)(k[v]), p, acc[r]);
			}
		}
#pragma unroll
		for (int r = 0; r < NR; r++) {
			if (oyl0 + r < outRows) VSTORE(acc[r], 0, out + (oyl0 + r) * outW + x0);
		}
#else
		for (int oyl = oyl0; oyl < oyl0 + NR && oyl < outRows; oyl++) {
			const int iy = (outY0 + oyl) * STRIDE - PB;
			VFLOAT acc = (VFLOAT)(0.0f);
			for (int v = 0; v < KS; v++) {
				const int sy = src_index(iy + v, H);
				const VFLOAT p = (sy < inY0 || sy >= inY0 + inRows) ? (VFLOAT)(0.0f) : VLOAD(0, mid + (sy - inY0) * outW + x0);
				acc = fma((VFLOAT)(k[v]), p, acc);
			}
			VSTORE(acc, 0, out + oyl * outW + x0);
		}
#endif
		return;
	}
#endif
	for (int oyl = oyl0; oyl < oyl0 + NR && oyl < outRows; oyl++) {
		const int iy = (outY0 + oyl) * STRIDE - PB;
		for (int j = 0; j < VX && x0 + j < outW; j++) {
			float acc = 0.0f;
			for (int v = 0; v < KS; v++) {
				const int sy = src_index(iy + v, H);
				acc = fma(k[v], (sy < inY0 || sy >= inY0 + inRows) ? 0.0f : mid[(sy - inY0) * outW + x0 + j], acc);
			}
			out[oyl * outW + x0 + j] = acc;
		}
	}
}
#endif

#ifdef SEP_LX
// Both 1D passes in one work-group at stride 1: the padded input tile goes to local memory, the X pass fills a
// local tile of intermediate rows, the Y pass reads them; each work item computes 8 neighbouring outputs.
// Defines: KX, KY (kernel lengths), PBX, PBY (borders), SEP_LX, SEP_LY (work-group size), PAD.
// The sums are those of row_pass followed by column_pass, in the same order, so the numbers are the same.
#define S_MW (SEP_LX * 8)
#define S_TW (S_MW + KX - 1)
#define S_TH (SEP_LY + KY - 1)
__kernel __attribute__((reqd_work_group_size(SEP_LX, SEP_LY, 1)))
void separable_local(__global const float* in, const int W, const int H, const int inY0, const int inRows,
		__global float* out, const int outW, const int outY0, const int outRows, __constant float* kx,
		__constant float* ky) {
	__local float tile[S_TH * S_TW];
	__local float mid[S_TH * S_MW];
	const int lx = get_local_id(0), ly = get_local_id(1);
	const int gx0 = get_group_id(0) * S_MW, gy0 = get_group_id(1) * SEP_LY;
	const int ix0 = gx0 - PBX, iy0 = outY0 + gy0 - PBY;
	for (int t = ly * SEP_LX + lx; t < S_TW * S_TH; t += SEP_LX * SEP_LY) {
		const int ty = t / S_TW;
		tile[t] = read_padded(in, ix0 + t - ty * S_TW, iy0 + ty, W, H, inY0, inRows);
	}
	barrier(CLK_LOCAL_MEM_FENCE);
	for (int r = ly; r < S_TH; r += SEP_LY) {
		float8 acc = (float8)(0.0f);
		__local const float* row = tile + r * S_TW + lx * 8;
		for (int u = 0; u < KX; u++) acc = fma((float8)(kx[u]), vload8(0, row + u), acc);
		vstore8(acc, 0, mid + r * S_MW + lx * 8);
	}
	barrier(CLK_LOCAL_MEM_FENCE);
	const int oy = gy0 + ly, ox = gx0 + lx * 8;
	if (oy >= outRows || ox >= outW) return;
	float8 acc = (float8)(0.0f);
	__local const float* column = mid + ly * S_MW + lx * 8;
	for (int v = 0; v < KY; v++) acc = fma((float8)(ky[v]), vload8(0, column + v * S_MW), acc);
	store_first8(out + oy * outW + ox, acc, outW - ox);
}
#endif

#ifdef SEP_ROLL
// Both passes of a separable correlation at stride 1 in one kernel, for CPU devices: a work item runs down a band
// of BR output rows of 16 columns and keeps the X pass of the last KY input rows in a sliding window of registers,
// so each X-pass row is computed once per band and nothing goes through memory between the passes (two passes move
// the image through memory twice more). Every value is the one of row_pass followed by column_pass: the same fmas
// in the same order, a row outside the band or the padding counting as zeros. Defines: KX, KY, PBX, PBY, BR, PAD.
__kernel void separable_rolling(__global const float* in, const int W, const int H, const int inY0, const int inRows,
		__global float* out, const int outW, const int outY0, const int outRows, __constant float* kx,
		__constant float* ky) {
	const int ox0 = get_global_id(0) * 16, oyl0 = get_global_id(1) * BR;
	if (ox0 >= outW || oyl0 >= outRows) return;
	const int x0 = ox0 - PBX, iy0 = outY0 + oyl0 - PBY;
	const int end = min(BR, outRows - oyl0) + KY - 1; // input rows read, from iy0
	// Work items at the left or right edge read each row through the padding into `segment` first.
	const bool inside = x0 >= 0 && x0 + 16 + KX - 1 <= W;
	float segment[16 + KX - 1];
	float16 window[KY];
#pragma unroll
	for (int v = 0; v < KY; v++) window[v] = (float16)(0.0f);
	for (int t = 0; t < end; t++) {
		const int sy = src_index(iy0 + t, H);
		float16 m = (float16)(0.0f);
		if (sy >= inY0 && sy < inY0 + inRows) {
			__global const float* line = in + (sy - inY0) * W;
			if (inside) {
#pragma unroll // the loop's own count, compare and branch cost as much as its fma
				for (int u = 0; u < KX; u++) m = fma((float16)(kx[u]), vload16(0, line + x0 + u), m);
			} else {
				for (int i = 0; i < 16 + KX - 1; i++) {
					const int sx = src_index(x0 + i, W);
					segment[i] = sx < 0 ? 0.0f : line[sx];
				}
				for (int u = 0; u < KX; u++) m = fma((float16)(kx[u]), vload16(0, segment + u), m);
			}
		}
#pragma unroll
		for (int v = 0; v < KY - 1; v++) window[v] = window[v + 1];
		window[KY - 1] = m;
		if (t >= KY - 1) {
			float16 acc = (float16)(0.0f);
#pragma unroll
			for (int v = 0; v < KY; v++) acc = fma((float16)(ky[v]), window[v], acc);
			store_first16(out + (oyl0 + t - (KY - 1)) * outW + ox0, acc, outW - ox0);
		}
	}
}
#endif

#ifdef SEP_DIRECT
// Small separable kernels at stride 1 in one pass without an intermediate buffer: each work item recomputes the
// X pass of the KY rows it needs for its 8 outputs. The sums are those of row_pass then column_pass, in the same
// order (a padded zero row contributes fma(k, 0, acc) as in column_pass). Defines: KX, KY, PBX, PBY, PAD.
__kernel void separable_direct(__global const float* in, const int W, const int H, const int inY0, const int inRows,
		__global float* out, const int outW, const int outY0, const int outRows, __constant float* kx,
		__constant float* ky) {
	const int ox0 = get_global_id(0) * 8, oyl = get_global_id(1);
	if (ox0 >= outW || oyl >= outRows) return;
	const int iy = outY0 + oyl - PBY, x0 = ox0 - PBX;
	__global float* o = out + oyl * outW + ox0;
	if (x0 >= 0 && x0 + 8 + KX - 1 <= W && ox0 + 8 <= outW) {
		float8 acc = (float8)(0.0f);
		for (int v = 0; v < KY; v++) {
			const int sy = src_index(iy + v, H);
			float8 m = (float8)(0.0f);
			if (sy >= inY0 && sy < inY0 + inRows) {
				__global const float* line = in + (sy - inY0) * W + x0;
				for (int u = 0; u < KX; u++) m = fma((float8)(kx[u]), vload8(0, line + u), m);
			}
			acc = fma((float8)(ky[v]), m, acc);
		}
		vstore8(acc, 0, o);
		return;
	}
	for (int j = 0; j < 8 && ox0 + j < outW; j++) {
		float acc = 0.0f;
		for (int v = 0; v < KY; v++) {
			const int sy = src_index(iy + v, H);
			float m = 0.0f;
			if (sy >= inY0 && sy < inY0 + inRows) {
				__global const float* line = in + (sy - inY0) * W;
				for (int u = 0; u < KX; u++) {
					const int sx = src_index(x0 + j + u, W);
					m = fma(kx[u], sx < 0 ? 0.0f : line[sx], m);
				}
			}
			acc = fma(ky[v], m, acc);
		}
		o[j] = acc;
	}
}
#endif
