package org.convnetij.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.Map;

import org.convnetij.util.UserInputException;
import org.junit.jupiter.api.Test;

class MacroOptionsTest {

	@Test
	void readsBracketsBareKeysAndPlainValues() {
		final Map<String, String> v = MacroOptions.parse("kernel=[1 1 1; 1 1 1] normalize padding=zero stride=2 ");
		assertEquals("1 1 1; 1 1 1", v.get("kernel"));
		assertEquals("true", v.get("normalize"));
		assertEquals("zero", v.get("padding"));
		assertEquals("2", v.get("stride"));
		assertEquals(4, v.size());
	}

	@Test
	void formatsAsTheRecorderDoes() {
		final Map<String, String> v = new LinkedHashMap<>();
		v.put("kernel", "1 1 1; 1 1 1; 1 1 1");
		v.put("normalize", "true");
		v.put("invert", "false");
		v.put("padding", "zero");
		v.put("stride", "1");
		assertEquals("kernel=[1 1 1; 1 1 1; 1 1 1] normalize padding=zero stride=1", MacroOptions.format(v));
	}

	@Test
	void unclosedBracketIsReported() {
		assertEquals("the value of 'kernel' opens '[' but never closes it", assertThrows(UserInputException.class,
			() -> MacroOptions.parse("kernel=[1 1 1")).getMessage());
	}

	@Test
	void nestedBracketsStayInTheValue() {
		final Map<String, String> v = MacroOptions.parse("data=[/my data] pattern=[[CONV-RELU]*2-POOL]*2-[FC-RELU]*1-FC " +
			"epochs=2 architecture=[[[CONV-RELU]*1-POOL]*3-FC filters=8,16] output=[/a [b]/m]");
		assertEquals("/my data", v.get("data"));
		assertEquals("[[CONV-RELU]*2-POOL]*2-[FC-RELU]*1-FC", v.get("pattern"));
		assertEquals("2", v.get("epochs"));
		assertEquals("[[CONV-RELU]*1-POOL]*3-FC filters=8,16", v.get("architecture"));
		assertEquals("/a [b]/m", v.get("output"));
		// a lone '[' inside brackets: the first ']' closes, as before
		assertEquals("a [b", MacroOptions.parse("title=[a [b] x=1").get("title"));
	}
}
