package org.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.convnetij.util.UserInputException;
import org.junit.jupiter.api.Test;

/** The custom architecture in the course's notation: INPUT -> [[CONV -> RELU]*N -> POOL]*M -> [FC -> RELU]*K -> FC. */
class ConvPatternNotationTest {

	@Test
	void theCourseNotationGivesNMAndK() {
		final ConvPattern p = ConvPattern.parse("[[CONV-RELU]*2-POOL]*2-[FC-RELU]*1-FC");
		assertEquals(ConvPattern.defaults().convs(2).blocks(2).dense(1), p);
		assertEquals(p, ConvPattern.parse("INPUT -> [[CONV -> RELU]*2 -> POOL]*2 -> [FC -> RELU] -> FC"));
		assertEquals(p, ConvPattern.parse("conv-relu-conv-relu-pool-conv-relu-conv-relu-pool-fc-relu-fc"));
		// round brackets: what ImageJ's own macro reader passes through untouched without enclosing brackets
		assertEquals(p, ConvPattern.parse("((CONV-RELU)*2-POOL)*2-(FC-RELU)*1-FC"));
		assertEquals(ConvPattern.threeBlocks(), ConvPattern.parse("[[CONV-RELU]*2-POOL]*3-[FC-RELU]*2-FC " +
			"filters=32,64,128 units=256,128"));
	}

	@Test
	void thePresetsReadBack() {
		for (final ConvPattern p : new ConvPattern[] { ConvPattern.defaults(), ConvPattern.linear(), ConvPattern
			.oneConv(), ConvPattern.twoBlocks(), ConvPattern.threeBlocks(), ConvPattern.defaults().convs(0).blocks(2),
			ConvPattern.defaults().size(5).padding(0).stride(2).pool(3).poolStride(1).filters(8) })
		{
			assertEquals(p, ConvPattern.parse(p.notation()), p.notation());
		}
		assertEquals("[[CONV -> RELU]*1 -> POOL]*2 -> [FC -> RELU]*1 -> FC", ConvPattern.defaults().notation());
		assertEquals("FC", ConvPattern.linear().notation());
		assertEquals("[CONV -> RELU]*1 -> FC", ConvPattern.oneConv().notation());
		assertEquals("[[CONV -> RELU]*2 -> POOL]*3 -> [FC -> RELU]*2 -> FC filters=32,64,128 units=256,128",
			ConvPattern.threeBlocks().notation());
	}

	@Test
	void settingsAloneKeepTheDefaultLayersAndTheFormerKeysWork() {
		assertEquals(ConvPattern.defaults().filters(8, 16).units(32), ConvPattern.parse("filters=8,16 units=32"));
		assertEquals(ConvPattern.defaults().convs(2).blocks(3).size(5), ConvPattern.parse("convs=2 blocks=3 size=5"));
		assertEquals(ConvPattern.defaults().padding(0), ConvPattern.parse("padding=valid"));
		assertEquals(ConvPattern.defaults(), ConvPattern.parse(""));
		// one pair of brackets around all of it, as a macro encloses a value with spaces
		assertEquals(ConvPattern.defaults().convs(2).filters(8), ConvPattern.parse("[[[CONV-RELU]*2-POOL]*2-[FC-RELU]-FC " +
			"filters=8]"));
		assertEquals(ConvPattern.oneConv(), ConvPattern.parse("[CONV-RELU-FC]"));
	}

	@Test
	void badPatternsSayWhatToChange() {
		assertEquals("pattern must have the form [[CONV-RELU]*N-POOL]*M-[FC-RELU]*K-FC (the layers end with one FC), " +
			"not '[[CONV-RELU]*2-POOL]*2'", message("[[CONV-RELU]*2-POOL]*2"));
		assertEquals("pattern must have the form [[CONV-RELU]*N-POOL]*M-[FC-RELU]*K-FC (unknown layer 'DENSE'; the " +
			"layers are CONV, RELU, POOL and FC), not 'CONV-RELU-DENSE'", message("CONV-RELU-DENSE"));
		assertEquals("pattern must have the form [[CONV-RELU]*N-POOL]*M-[FC-RELU]*K-FC (every block has the same " +
			"number of CONV-RELU (N)), not 'CONV-RELU-POOL-CONV-RELU-CONV-RELU-POOL-FC'", message(
				"CONV-RELU-POOL-CONV-RELU-CONV-RELU-POOL-FC"));
		assertEquals("pattern must have the form [[CONV-RELU]*N-POOL]*M-[FC-RELU]*K-FC (a '[' is not closed), not " +
			"'[[CONV-RELU]*2-POOL*2-FC'", message("[[CONV-RELU]*2-POOL*2-FC"));
		assertEquals("pattern: unknown setting 'filter': the settings are filters, kernelsize, padding, stride, pool, " +
			"poolstride, units", message("FC filter=3"));
		assertEquals("pattern: give convs in the layers ([[CONV-RELU]*N-POOL]*M-[FC-RELU]*K-FC) or as convs=, not both",
			message("[CONV-RELU]*2-FC convs=3"));
		assertEquals("pattern: filters is given twice", message("filters=3 filters=4"));
		assertEquals("filters must be whole numbers separated by commas, e.g. 32,64, not '32,x'", message(
			"filters=32,x"));
		assertEquals("pattern must have the form [[CONV-RELU]*N-POOL]*M-[FC-RELU]*K-FC (more than 10000 layers), " +
			"not '[CONV-RELU]*99999-FC'", message("[CONV-RELU]*99999-FC"));
	}

	private static String message(final String text) {
		return assertThrows(UserInputException.class, () -> ConvPattern.parse(text)).getMessage();
	}
}
