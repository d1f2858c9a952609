package org.convnetij.transfer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.convnetij.util.UserInputException;

/**
 * NumPy's {@code .npy} format (version 1.0) for float32 arrays in C order: the magic string, a header dict
 * ({@code 'descr': '<f4', 'fortran_order': False, 'shape': (..)}) padded so the data starts at a multiple of 64
 * bytes, then the values little-endian. The bioimage.io test tensors are such files.
 */
public record Npy(long[] shape, float[] values) {

	private static final byte[] MAGIC = { (byte) 0x93, 'N', 'U', 'M', 'P', 'Y' };
	private static final Pattern DESCR = Pattern.compile("'descr':\\s*'([^']*)'");
	private static final Pattern FORTRAN = Pattern.compile("'fortran_order':\\s*(True|False)");
	private static final Pattern SHAPE = Pattern.compile("'shape':\\s*\\(([^)]*)\\)");

	public Npy {
		if (Arrays.stream(shape).reduce(1, (a, b) -> a * b) != values.length) {
			throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " does not hold " + values.length +
				" values");
		}
	}

	/** The file's bytes. */
	public byte[] bytes() {
		final StringBuilder s = new StringBuilder();
		for (final long d : shape) s.append(d).append(", ");
		String dims = s.toString().trim();
		if (shape.length > 1) dims = dims.substring(0, dims.length() - 1);
		final String dict = "{'descr': '<f4', 'fortran_order': False, 'shape': (" + dims + "), }";
		final int unpadded = MAGIC.length + 4 + dict.length() + 1;
		final int total = (unpadded + 63) / 64 * 64;
		final String header = dict + " ".repeat(total - unpadded) + "\n";
		final ByteBuffer b = ByteBuffer.allocate(total + 4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
		b.put(MAGIC).put((byte) 1).put((byte) 0).putShort((short) header.length());
		b.put(header.getBytes(StandardCharsets.US_ASCII));
		for (final float v : values) b.putFloat(v);
		return b.array();
	}

	public void write(final Path file) throws IOException {
		Files.write(file, bytes());
	}

	/** Reads a float32 or float64 array in C order (little- or big-endian); other files get one line. */
	public static Npy read(final Path file) throws IOException {
		final ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
		final byte[] magic = new byte[MAGIC.length];
		if (b.remaining() < 10) throw notNpy(file, "too short");
		b.get(magic);
		if (!Arrays.equals(magic, MAGIC)) throw notNpy(file, "no NUMPY magic");
		final int major = b.get();
		b.get();
		final int length = major == 1 ? Short.toUnsignedInt(b.getShort()) : b.getInt();
		final byte[] h = new byte[length];
		b.get(h);
		final String header = new String(h, StandardCharsets.ISO_8859_1);
		final Matcher d = DESCR.matcher(header), f = FORTRAN.matcher(header), s = SHAPE.matcher(header);
		if (!d.find() || !f.find() || !s.find()) throw notNpy(file, "header " + header.trim());
		if (f.group(1).equals("True")) throw notNpy(file, "Fortran order is not read");
		final List<Long> dims = new ArrayList<>();
		for (final String part : s.group(1).split(",")) {
			if (!part.isBlank()) dims.add(Long.parseLong(part.trim()));
		}
		final long[] shape = dims.stream().mapToLong(Long::longValue).toArray();
		final int n = (int) Arrays.stream(shape).reduce(1, (x, y) -> x * y);
		final String descr = d.group(1);
		if (descr.charAt(0) == '>') b.order(ByteOrder.BIG_ENDIAN);
		final float[] v = new float[n];
		switch (descr.substring(1)) {
			case "f4":
				for (int i = 0; i < n; i++) v[i] = b.getFloat();
				break;
			case "f8":
				for (int i = 0; i < n; i++) v[i] = (float) b.getDouble();
				break;
			default:
				throw notNpy(file, "data type " + descr + " (float32 or float64 are read)");
		}
		return new Npy(shape, v);
	}

	private static UserInputException notNpy(final Path file, final String why) {
		return new UserInputException(file + " is not a NumPy .npy array that can be read here: " + why);
	}
}
