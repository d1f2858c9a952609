// Transfer learning from a labelled folder to probability maps: imports the pretrained MobileNetV2 (TF.js),
// fine-tunes it on the gland / stroma tiles of sample-images/labelled, and maps both classes over ihc.png,
// the image the tiles came from. Saves the fine-tuned model folder and the maps (a 2-slice 32-bit TIFF).
// Argument (optional): "output=[folder] data=[labelled folder] pretrained=[TF.js model folder]"; defaults:
// results/transfer-learning, sample-images/labelled and sample-images/mobilenet_v2_tfjs in the ImageJ folder.
// Headless: ./convnet --macro macros/transfer-learning.ijm "output=[/tmp/tl]"
arg = getArgument();
home = getDirectory("imagej");
output = call("ij.Macro.getValue", arg, "output", home + "results" + File.separator + "transfer-learning");
data = call("ij.Macro.getValue", arg, "data", home + "sample-images" + File.separator + "labelled");
pretrained = call("ij.Macro.getValue", arg, "pretrained", home + "sample-images" + File.separator + "mobilenet_v2_tfjs");
if (!endsWith(output, File.separator)) output = output + File.separator;
// relative folders from the current folder; a key this macro does not know is a typo, not a default
checkKeys(arg, newArray("output", "data", "pretrained"));
output = absolute(output); data = absolute(data); pretrained = absolute(pretrained);
if (!File.isDirectory(data)) exit("the data folder " + data + " does not exist: give data=[labelled folder]");
makeFolders(output);
if (!File.isDirectory(output)) exit("cannot create the output folder " + output);
setBatchMode(true);
// the tiles are 32 x 32: MobileNetV2 at 64 x 64 is plenty and fast
base = output + "mobilenetv2-64";
run("Import Model", "source=[" + pretrained + "] architecture=auto inputsize=64 output=[" + base + "] overwrite");
model = output + "gland-stroma";
run("Transfer Learning", "model=[" + base + "] data=[" + data + "] strategy=finetune freeze=block_12_add epochs=5 " +
	"rate=0.01 seed=1 output=[" + model + "] overwrite");
open(home + "sample-images" + File.separator + "ihc.png");
run("Probability Map", "model=[" + model + "] window=32 stride=32");
saveAs("Tiff", output + "ihc-probability-maps.tif");
print("fine-tuned model in " + model + "; probability maps (" + nSlices + " classes) in " + output +
	"ihc-probability-maps.tif");

// A key the macro does not know is a typo, not a default.
function checkKeys(arg, known) {
	words = split(replace(arg, "\\[[^\\]]*\\]", ""), " ");
	for (i = 0; i < words.length; i++) {
		key = words[i];
		if (indexOf(key, "=") >= 0) key = substring(key, 0, indexOf(key, "="));
		ok = false;
		for (k = 0; k < known.length; k++) if (key == known[k]) ok = true;
		if (!ok) exit("unknown key '" + key + "' in the argument: the keys are " + String.join(known, ", "));
	}
}

// A relative path is taken from the current folder (where the launcher or ImageJ was started).
function absolute(path) {
	if (startsWith(path, "/") || startsWith(path, "\\") || matches(path, "^[A-Za-z]:.*")) return path;
	return call("java.lang.System.getProperty", "user.dir") + File.separator + path;
}

// File.makeDirectory creates one folder: the missing parents first.
function makeFolders(path) {
	parent = File.getParent(path);
	if (parent != "" && !File.isDirectory(parent)) makeFolders(parent);
	File.makeDirectory(path);
}
